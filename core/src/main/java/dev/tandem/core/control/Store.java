package dev.tandem.core.control;

/** One of the two stores of a migration, by its role in the migration rather than its role of the moment. */
public enum Store {
    /** The store being migrated away from (typically MySQL/MariaDB). */
    ORIGIN,
    /** The store being migrated to (typically PostgreSQL). */
    TARGET;

    /** The other store. */
    public Store other() {
        return this == ORIGIN ? TARGET : ORIGIN;
    }
}
