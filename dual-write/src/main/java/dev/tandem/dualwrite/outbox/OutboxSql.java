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
