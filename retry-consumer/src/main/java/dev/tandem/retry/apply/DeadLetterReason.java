package dev.tandem.retry.apply;

/** Why a record goes to the dead-letter topic; retrying it could never succeed. */
public enum DeadLetterReason {
    /** The payload is not a mutation envelope. */
    UNDECODABLE,
    /** The envelope has a schema version this consumer does not know. */
    UNSUPPORTED_SCHEMA_VERSION,
    /** The mutation does not fit the secondary's schema (unknown table or column, wrong type, too long …). */
    SCHEMA_MISMATCH,
    /** The secondary refused it for good (integrity constraint, data out of range …). */
    REJECTED_BY_SECONDARY
}
