package dev.tandem.core;

/** What the version fence did with one mutation. */
public enum ApplyOutcome {
    /** The mutation was newer than what the secondary held for its row and was written. */
    APPLIED,
    /** The secondary already held a newer version of the row (or a tombstone); nothing was written. */
    STALE,
    /** The secondary already held exactly this version and operation of the row; nothing was written. */
    DUPLICATE
}
