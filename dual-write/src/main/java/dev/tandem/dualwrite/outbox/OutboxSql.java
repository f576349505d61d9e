package dev.tandem.dualwrite.outbox;

import dev.tandem.core.jdbc.Dialect;

/** The outbox table's SQL on each engine; the table name is a checked plain identifier. */
final class OutboxSql {

    private final Dialect dialect;
    private final String table;

    OutboxSql(Dialect dialect, String table) {
        this.dialect = dialect;
        this.table = dialect.quote(table);
    }

    String create() {
        return dialect.name().equals("mysql")
                ? "CREATE TABLE IF NOT EXISTS " + table + " (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + " table_name VARCHAR(128) NOT NULL, row_key TEXT NOT NULL, payload LONGBLOB NOT NULL,"
                        + " version_from_seq BOOLEAN NOT NULL, created_at DATETIME(6) NOT NULL) ENGINE=InnoDB"
                : "CREATE TABLE IF NOT EXISTS " + table
                        + " (seq BIGSERIAL PRIMARY KEY, table_name VARCHAR(128) NOT NULL,"
                        + " row_key TEXT NOT NULL, payload BYTEA NOT NULL, version_from_seq BOOLEAN NOT NULL,"
                        + " created_at TIMESTAMP(6) NOT NULL)";
    }

    String insert() {
        return "INSERT INTO " + table
                + " (table_name, row_key, payload, version_from_seq, created_at) VALUES (?, ?, ?, ?, ?)";
    }

    /** The oldest rows created before a time, locked, skipping rows another relay holds. */
    String claim() {
        return "SELECT seq, payload, version_from_seq FROM " + table + " WHERE created_at < ? ORDER BY seq LIMIT ?"
                + " FOR UPDATE SKIP LOCKED";
    }

    String delete() {
        return "DELETE FROM " + table + " WHERE seq = ?";
    }

    String depth() {
        return "SELECT COUNT(*), MIN(created_at) FROM " + table;
    }
}
