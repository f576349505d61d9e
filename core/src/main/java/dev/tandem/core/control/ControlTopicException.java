package dev.tandem.core.control;

/** The control topic could not be read or written (Kafka unreachable, topic missing …). */
public class ControlTopicException extends RuntimeException {

    public ControlTopicException(String message, Throwable cause) {
        super(message, cause);
    }
}
