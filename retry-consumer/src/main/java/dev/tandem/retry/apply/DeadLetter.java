package dev.tandem.retry.apply;

import java.util.Objects;

/**
 * A record to move to the dead-letter topic.
 *
 * @param record the record as consumed, with its partition and offset
 * @param reason why it can never be applied
 * @param detail the error message, for the DLT headers and the operator
 */
public record DeadLetter(RetryRecord record, DeadLetterReason reason, String detail) {

    public DeadLetter {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }
}
