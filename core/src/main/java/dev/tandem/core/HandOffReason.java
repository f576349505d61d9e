package dev.tandem.core;

/** Why a mutation went to the retry topic instead of straight to the secondary. */
public enum HandOffReason {
    /** The secondary could not take the apply for now (connection, timeout, deadlock, privilege …). */
    SECONDARY_FAILED,
    /** The mutation does not fit the secondary's schema; the retry consumer will dead-letter it. */
    INVALID_MUTATION,
    /**
     * The secondary refused this row for good (a constraint, a value it cannot store); the retry
     * consumer will dead-letter it with the reason. It says nothing about the secondary's health.
     */
    REJECTED_BY_SECONDARY,
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
