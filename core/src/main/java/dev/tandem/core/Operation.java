package dev.tandem.core;

/** What a mutation does to its row. */
public enum Operation {
    /** Insert the row, or update it if it exists. */
    UPSERT,
    /** Remove the row, leaving a tombstone version so a late upsert cannot bring it back. */
    DELETE
}
