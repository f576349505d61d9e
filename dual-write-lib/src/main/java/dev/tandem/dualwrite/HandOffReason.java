package dev.tandem.dualwrite;

/** Why a mutation went to the retry topic instead of straight to the secondary. */
public enum HandOffReason {
    /** The secondary failed the apply (connection, timeout, constraint …). */
    SECONDARY_FAILED,
    /** The mutation does not fit the secondary's schema; the retry consumer will dead-letter it. */
    INVALID_MUTATION,
    /** The circuit breaker is open: the secondary was not tried. */
    CIRCUIT_OPEN,
    /** The bulkhead's concurrent applies were all taken. */
    BULKHEAD_FULL,
    /** The async queue was full. */
    QUEUE_FULL,
    /** The writer was closing with the mutation still queued. */
    SHUTDOWN,
    /** Crash-safe mode's relay found the write in the outbox, left behind by a crash or a slow apply. */
    OUTBOX_RELAY
}
