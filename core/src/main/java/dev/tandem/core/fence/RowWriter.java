package dev.tandem.core.fence;

import dev.tandem.core.RowKey;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.Sql;
import dev.tandem.core.jdbc.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the winning mutations of one table: one multi-row DELETE for the deletes, one multi-row
 * upsert per set of written columns for the upserts. Where the engine's upsert could match a row on a
 * unique key other than the primary key (MySQL's {@code ON DUPLICATE KEY UPDATE}), or where the
 * mutations leave out a NOT NULL column, existing rows are found first and updated by key, and only
 * missing rows are inserted, so a clash raises an error instead of silently updating another row.
 */
final class RowWriter {

    private final Dialect dialect;
    private final Statements statements;
    private final RecentSql<UpsertShape> upsertSql;

    RowWriter(Dialect dialect, Statements statements) {
        this.dialect = dialect;
        this.statements = statements;
        this.upsertSql = new RecentSql<>(shape -> dialect.upsert(shape.table(), shape.columns(), shape.rows()));
    }

    void write(Connection connection, Table table, List<ResolvedMutation> winners) throws SQLException {
        List<ResolvedMutation> deletes =
                winners.stream().filter(m -> m.mutation().isDelete()).toList();
        for (List<ResolvedMutation> chunk :
                Chunks.of(deletes, table.primaryKey().size())) {
            try (PreparedStatement delete =
                    statements.prepare(connection, Sql.deleteByKeys(dialect, table, chunk.size()))) {
                bindKeys(delete, 1, table, chunk);
                delete.executeUpdate();
            }
        }
        Map<List<Column>, List<ResolvedMutation>> upsertsByColumns = new LinkedHashMap<>();
        winners.stream().filter(m -> !m.mutation().isDelete()).forEach(m -> upsertsByColumns
                .computeIfAbsent(m.columns(), c -> new ArrayList<>())
                .add(m));
        for (Map.Entry<List<Column>, List<ResolvedMutation>> entry : upsertsByColumns.entrySet()) {
            List<Column> columns = new ArrayList<>(table.primaryKey());
            columns.addAll(entry.getKey());
            if (dialect.upsertMatchesOnlyThePrimaryKey(table) && coversNotNullColumns(table, entry.getKey())) {
                upsert(connection, table, columns, entry.getValue());
            } else {
                insertOrUpdate(connection, table, columns, entry.getKey(), entry.getValue());
            }
        }
    }

    /**
     * An upsert statement checks NOT NULL on its insert half even when the row exists, so a mutation
     * that leaves out a NOT NULL column must update existing rows by key instead.
     */
    static boolean coversNotNullColumns(Table table, List<Column> written) {
        return table.columns().stream()
                .filter(c -> !c.nullable() && !table.primaryKey().contains(c))
                .allMatch(written::contains);
    }

    private void upsert(Connection connection, Table table, List<Column> columns, List<ResolvedMutation> rows)
            throws SQLException {
        for (List<ResolvedMutation> chunk : Chunks.of(rows, columns.size())) {
            try (PreparedStatement upsert =
                    statements.prepare(connection, upsertSql.get(new UpsertShape(table, columns, chunk.size())))) {
                bindRows(upsert, table, chunk);
                upsert.executeUpdate();
            }
        }
    }

    private void insertOrUpdate(
            Connection connection,
            Table table,
            List<Column> columns,
            List<Column> setColumns,
            List<ResolvedMutation> rows)
            throws SQLException {
        Set<RowKey> existing = existingKeys(connection, table, rows);
        List<ResolvedMutation> missing = new ArrayList<>();
        List<ResolvedMutation> present = new ArrayList<>();
        for (ResolvedMutation row : rows) {
            (existing.contains(keyOf(table, row.keyValues())) ? present : missing).add(row);
        }
        for (List<ResolvedMutation> chunk : Chunks.of(missing, columns.size())) {
            try (PreparedStatement insert =
                    statements.prepare(connection, Sql.insert(dialect, table, columns, chunk.size()))) {
                bindRows(insert, table, chunk);
                insert.executeUpdate();
            }
        }
        if (present.isEmpty() || setColumns.isEmpty()) {
            return;
        }
        try (PreparedStatement update = statements.prepare(connection, Sql.updateByKey(dialect, table, setColumns))) {
            for (ResolvedMutation row : present) {
                int i = 1;
                for (int c = 0; c < row.columns().size(); c++) {
                    dialect.bind(update, i++, row.columns().get(c), row.values().get(c));
                }
                for (int k = 0; k < table.primaryKey().size(); k++) {
                    dialect.bind(
                            update,
                            i++,
                            table.primaryKey().get(k),
                            row.keyValues().get(k));
                }
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private Set<RowKey> existingKeys(Connection connection, Table table, List<ResolvedMutation> rows)
            throws SQLException {
        Set<RowKey> keys = new HashSet<>();
        for (List<ResolvedMutation> chunk : Chunks.of(rows, table.primaryKey().size())) {
            try (PreparedStatement select =
                    statements.prepare(connection, Sql.selectExistingKeysForUpdate(dialect, table, chunk.size()))) {
                bindKeys(select, 1, table, chunk);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        List<Object> key = new ArrayList<>();
                        for (int k = 0; k < table.primaryKey().size(); k++) {
                            key.add(dialect.read(rs, k + 1, table.primaryKey().get(k)));
                        }
                        keys.add(keyOf(table, key));
                    }
                }
            }
        }
        return keys;
    }

    private void bindRows(PreparedStatement statement, Table table, List<ResolvedMutation> rows) throws SQLException {
        int i = 1;
        for (ResolvedMutation row : rows) {
            i = bindKey(statement, i, table, row);
            for (int c = 0; c < row.columns().size(); c++) {
                dialect.bind(statement, i++, row.columns().get(c), row.values().get(c));
            }
        }
    }

    private void bindKeys(PreparedStatement statement, int first, Table table, List<ResolvedMutation> rows)
            throws SQLException {
        int i = first;
        for (ResolvedMutation row : rows) {
            i = bindKey(statement, i, table, row);
        }
    }

    /** Binds {@code row}'s primary-key values from parameter {@code first} on; returns the next index. */
    private int bindKey(PreparedStatement statement, int first, Table table, ResolvedMutation row) throws SQLException {
        int i = first;
        for (int k = 0; k < table.primaryKey().size(); k++) {
            dialect.bind(
                    statement, i++, table.primaryKey().get(k), row.keyValues().get(k));
        }
        return i;
    }

    /** The key of {@code values} (in the table's key order): equal for the converted value and the value read back. */
    static RowKey keyOf(Table table, List<Object> values) {
        List<String> names = new ArrayList<>(values.size());
        for (Column column : table.primaryKey()) {
            names.add(column.name());
        }
        return RowKey.of(names, values);
    }

    private record UpsertShape(Table table, List<Column> columns, int rows) {}
}
