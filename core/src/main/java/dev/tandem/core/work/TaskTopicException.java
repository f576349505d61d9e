package dev.tandem.core.work;

/** A call to Kafka for a task topic failed or timed out; the message names what was tried and the broker's answer. */
public final class TaskTopicException extends RuntimeException {

    public TaskTopicException(String message, Throwable cause) {
        super(message, cause);
    }
}
