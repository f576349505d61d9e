package dev.tandem.core;

/**
 * What a failed apply says about trying it again; decided by {@link FailureClassifier}, the one rule
 * that the direct write path and the retry consumer share.
 */
public enum FailureClass {
    /**
     * The secondary cannot take the write now (connection, deadlock, timeout, missing privilege …) or
     * the cause is unknown: the very same write may succeed later. A write is never given up on a guess.
     */
    TRANSIENT,
    /** The retry-topic payload is not a mutation envelope. */
    UNDECODABLE,
    /** The envelope has a schema version this reader does not know. */
    UNSUPPORTED_SCHEMA_VERSION,
    /** The mutation does not fit the secondary's schema ({@link InvalidMutationException}). */
    INVALID_MUTATION,
    /** The secondary refused the row for good: an integrity constraint, a value it cannot store … */
    REJECTED_BY_SECONDARY;

    /** Whether retrying the same write can never succeed: it is poison for this row, not a sign of trouble. */
    public boolean isPermanent() {
        return this != TRANSIENT;
    }
}
