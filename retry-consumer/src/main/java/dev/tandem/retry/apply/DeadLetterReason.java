package dev.tandem.retry.apply;

import dev.tandem.core.FailureClassifier;
import java.util.Optional;

/** Why a record goes to the dead-letter topic; retrying it could never succeed. */
public enum DeadLetterReason {
    /** The payload is not a mutation envelope. */
    UNDECODABLE,
    /** The envelope has a schema version this consumer does not know. */
    UNSUPPORTED_SCHEMA_VERSION,
    /** The mutation does not fit the secondary's schema (unknown table or column, wrong type, too long …). */
    SCHEMA_MISMATCH,
    /** The secondary refused it for good (integrity constraint, data out of range …). */
    REJECTED_BY_SECONDARY;

    /**
     * Why a record that failed with {@code failure} must be dead-lettered; empty if the failure is
     * transient (the record is retried in place). The decision is {@link FailureClassifier}'s, the
     * same the direct write path makes.
     */
    public static Optional<DeadLetterReason> of(Throwable failure) {
        return Optional.ofNullable(
                switch (FailureClassifier.classify(failure)) {
                    case TRANSIENT -> null;
                    case UNDECODABLE -> UNDECODABLE;
                    case UNSUPPORTED_SCHEMA_VERSION -> UNSUPPORTED_SCHEMA_VERSION;
                    case INVALID_MUTATION -> SCHEMA_MISMATCH;
                    case REJECTED_BY_SECONDARY -> REJECTED_BY_SECONDARY;
                });
    }
}
