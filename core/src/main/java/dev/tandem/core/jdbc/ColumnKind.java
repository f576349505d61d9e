package dev.tandem.core.jdbc;

/** The families of column types Tandem can write and read; each has one Java value type. */
public enum ColumnKind {
    BOOLEAN,
    INTEGER,
    DECIMAL,
    FLOAT,
    TEXT,
    BINARY,
    DATE,
    TIME,
    /** A date and time without zone (MySQL DATETIME and TIMESTAMP, PostgreSQL timestamp), stored as UTC. */
    TIMESTAMP,
    /** An instant (PostgreSQL timestamptz). */
    TIMESTAMPTZ,
    JSON,
    UUID,
    /** A type Tandem does not handle; writing to it is refused. */
    UNSUPPORTED
}
