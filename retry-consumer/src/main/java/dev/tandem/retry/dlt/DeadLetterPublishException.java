package dev.tandem.retry.dlt;

/** The dead-letter topic did not acknowledge poison records; the batch must be tried again. */
public class DeadLetterPublishException extends RuntimeException {

    public DeadLetterPublishException(String topic, int records, Throwable cause) {
        super("Dead-letter topic '" + topic + "' did not acknowledge " + records + " records: " + cause, cause);
    }
}
