package dev.tandem.core.jdbc;

/** The database is neither MySQL/MariaDB nor PostgreSQL. */
public class UnsupportedDatabaseException extends RuntimeException {

    public UnsupportedDatabaseException(String product) {
        super("Database '" + product + "' is not supported; Tandem supports MySQL, MariaDB and PostgreSQL");
    }
}
