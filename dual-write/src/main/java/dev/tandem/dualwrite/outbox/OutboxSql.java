package dev.tandem.dualwrite.outbox;

import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.schema.OwnTables;
import java.util.Map;

/**
 * The outbox table's statements and migrations; the engine-dependent DDL lives in the migrations. The
 * table name is a checked plain identifier.
 */
final class OutboxSql {

    private final Dialect dialect;
    private final String table;

    OutboxSql(Dialect dialect, String table) {
        this.dialect = dialect;
        this.table = dialect.quote(table);
    }

    /**
     * The outbox table's versioned migrations, {@code db/tandem/outbox/<engine>/}, with its name as
     * {@code ${outbox_table}} and their history in {@code <outbox table>_schema_history}.
     */
    static OwnTables migrations(String table) {
        return OwnTables.of("outbox", table + "_schema_history", Map.of("outbox_table", table));
    }

    /** Whether {@link #insert} returns the sequence as a result set ({@code RETURNING}) rather than as generated keys. */
    boolean insertReturnsSequence() {
        return "postgresql".equals(dialect.name());
    }

    /** A lean row: table, key as typed JSON, the write's version (or that the sequence is its version), time. */
    String insert() {
        return "INSERT INTO " + table + " (table_name, row_key, row_version, version_from_seq, created_at)"
                + " VALUES (?, ?, ?, ?, ?)" + (insertReturnsSequence() ? " RETURNING seq" : "");
    }

    /** The oldest rows created before a time, locked, skipping rows another relay holds. */
    String claim() {
        return "SELECT seq, table_name, row_key, payload, row_version, version_from_seq, created_at FROM " + table
                + " WHERE created_at < ? ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED";
    }

    /** The row of one sequence, known durable: a point lookup on the primary key. */
    String deleteSequence() {
        return "DELETE FROM " + table + " WHERE seq = ?";
    }

    String depth() {
        return "SELECT COUNT(*), MIN(created_at) FROM " + table;
    }
}
