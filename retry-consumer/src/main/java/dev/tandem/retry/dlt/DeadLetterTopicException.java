package dev.tandem.retry.dlt;

/** Kafka did not answer a request about the dead-letter topic. */
public class DeadLetterTopicException extends RuntimeException {

    public DeadLetterTopicException(String topic, Throwable cause) {
        super("Request about dead-letter topic '" + topic + "' failed: " + cause, cause);
    }
}
