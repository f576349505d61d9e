package dev.tandem.core.fence;

import dev.tandem.core.RowKey;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The session-local staging tables of the bulk apply: one temporary table per shape (target table and
 * written columns) and connection, {@code ON COMMIT DELETE ROWS}, created on first use and remembered
 * per physical connection so that a pooled connection creates each only once. Its columns: the
 * fence's ({@code tandem_ord}, the member's place in the batch; {@code tandem_hash}, {@code
 * tandem_row_key}, {@code tandem_version}, {@code tandem_deleted}, {@code tandem_write_id}), two
 * verdicts the merge fills in ({@code tandem_winner}, {@code tandem_applied}), then the target's key
 * and written columns with the target's own types.
 */
final class StagingTables {

    /** The fence's columns, in the order {@link CopyApply} copies them. */
    static final List<String> FENCE_COLUMNS = List.of(
            "tandem_ord", "tandem_hash", "tandem_row_key", "tandem_version", "tandem_deleted", "tandem_write_id");

    private final Dialect dialect;
    private final Map<Object, Set<String>> created = Collections.synchronizedMap(new WeakHashMap<>());

    StagingTables(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The staging table (qualified by {@code pg_temp}) for rows of {@code table} with {@code columns}
     * (key columns first), created in this session if it is not yet.
     */
    String ensure(Connection connection, Table table, List<Column> columns) throws SQLException {
        StringBuilder shape = new StringBuilder(table.name());
        for (Column column : columns) {
            shape.append('\u0000').append(column.name()).append('\u0000').append(column.typeName());
        }
        String name = "tandem_stage_"
                + HexFormat.of().formatHex(RowKey.hash(shape.toString())).substring(0, 16);
        Object session = PostgresCopy.physical(connection);
        Set<String> tables = created.computeIfAbsent(session, s -> Collections.synchronizedSet(new HashSet<>()));
        if (!tables.contains(name)) {
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE TEMPORARY TABLE IF NOT EXISTS " + name + " ON COMMIT DELETE ROWS AS SELECT"
                        + " NULL::int4 AS tandem_ord, NULL::bytea AS tandem_hash, NULL::text AS tandem_row_key,"
                        + " NULL::int8 AS tandem_version, NULL::boolean AS tandem_deleted,"
                        + " NULL::text AS tandem_write_id, NULL::boolean AS tandem_winner,"
                        + " NULL::boolean AS tandem_applied"
                        + columns.stream()
                                .map(c -> ", t." + dialect.quote(c.name()))
                                .reduce("", String::concat)
                        + " FROM " + dialect.quote(table.name()) + " t WITH NO DATA");
            }
            tables.add(name);
        }
        return "pg_temp." + name;
    }

    /**
     * Forgets what {@code connection}'s session created: after a rollback, a table created in the
     * rolled-back transaction is gone, and is created again on next use.
     */
    void forget(Connection connection) {
        try {
            created.remove(PostgresCopy.physical(connection));
        } catch (SQLException e) {
            // A connection that cannot be unwrapped never had a staging table.
        }
    }
}
