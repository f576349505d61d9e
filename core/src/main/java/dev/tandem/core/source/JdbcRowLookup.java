package dev.tandem.core.source;

import dev.tandem.core.compare.ColumnComparison;
import dev.tandem.core.compare.ColumnOptions;
import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnValues;
import dev.tandem.core.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads rows of one table of one store by key, as {@link JdbcTableSource} streams them: the
 * reconciler's and backfill's re-checks, the migration's shadow reads and its cutover's verification.
 * The table is described on the first lookup; a key may come from the other store, typed as that
 * store reads it, and is bound as this store's column wants it.
 */
public final class JdbcRowLookup {

    /** Keys per query of {@link #findAll}. */
    private static final int CHUNK = 200;

    private final DataSource dataSource;
    private final String table;
    private final List<String> keyColumns;
    /** The columns read after the key; null for every column the key leaves. */
    private final List<String> compared;

    private TableShape shape;
    private String sql;

    /**
     * A lookup of {@code table}'s {@code keyColumns} (its primary key when empty) and {@code compared}
     * columns, in that order.
     */
    public JdbcRowLookup(DataSource dataSource, String table, List<String> keyColumns, List<String> compared) {
        this.dataSource = dataSource;
        this.table = table;
        this.keyColumns = List.copyOf(keyColumns);
        this.compared = List.copyOf(compared);
    }

    private JdbcRowLookup(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
        this.keyColumns = List.of();
        this.compared = null;
    }

    /** A lookup of {@code table}'s whole rows: its primary key, then every other column in table order. */
    public static JdbcRowLookup wholeRows(DataSource dataSource, String table) {
        return new JdbcRowLookup(dataSource, table);
    }

    /** The key columns, as the database describes them. */
    public synchronized List<Column> keys() throws SQLException {
        return describe().keys();
    }

    /** The columns read after the key, as the database describes them. */
    public synchronized List<Column> columns() throws SQLException {
        return describe().columns();
    }

    /** The table's name as the database spells it. */
    public synchronized String table() throws SQLException {
        return describe().table().name();
    }

    /** The row with {@code key} now, or empty if there is none. */
    public synchronized Optional<SourceRow> find(List<Object> key) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            describe(connection);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, 1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(shape.read(rows)) : Optional.empty();
                }
            }
        }
    }

    /**
     * The rows with {@code keys} now, one per key and in the same order, empty where there is none:
     * one query per {@value #CHUNK} keys. A row answers a key whose values are the same as its own,
     * compared as the reconciler compares values (so a key typed by the other store finds it too).
     */
    public synchronized List<Optional<SourceRow>> findAll(List<List<Object>> keys) throws SQLException {
        List<Optional<SourceRow>> found = new ArrayList<>(keys.size());
        try (Connection connection = dataSource.getConnection()) {
            describe(connection);
            for (int from = 0; from < keys.size(); from += CHUNK) {
                List<List<Object>> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
                Map<List<String>, SourceRow> rows = new HashMap<>();
                try (PreparedStatement statement = connection.prepareStatement(selectKeys(chunk.size()))) {
                    int index = 1;
                    for (List<Object> key : chunk) {
                        index = bind(statement, index, key);
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            SourceRow row = shape.read(rs);
                            rows.put(canonical(row.key()), row);
                        }
                    }
                }
                for (List<Object> key : chunk) {
                    found.add(Optional.ofNullable(rows.get(canonical(key))));
                }
            }
        }
        return found;
    }

    private int bind(PreparedStatement statement, int first, List<Object> key) throws SQLException {
        List<Column> columns = shape.keys();
        if (key.size() != columns.size()) {
            throw new IllegalArgumentException(
                    "A key of table '" + shape.table().name() + "' has "
                            + columns.size() + " values ("
                            + columns.stream().map(Column::name).toList() + ") but "
                            + key.size() + " were given");
        }
        int index = first;
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            shape.dialect().bind(statement, index++, column, ColumnValues.convert(column, key.get(i)));
        }
        return index;
    }

    /** The key's values as canonical texts of this store's key columns. */
    private List<String> canonical(List<Object> key) {
        List<String> texts = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            Column column = shape.keys().get(i);
            Object value = key.get(i);
            texts.add(new ColumnComparison(column.name(), column, column, ColumnOptions.DEFAULT)
                    .canonicalPrimary(value == null ? null : ColumnValues.convert(column, value)));
        }
        return texts;
    }

    private String selectKeys(int rows) {
        List<Column> key = shape.keys();
        String condition = key.size() == 1
                ? shape.dialect().quote(key.get(0).name()) + " IN (" + String.join(", ", Collections.nCopies(rows, "?"))
                        + ")"
                : "(" + Sql.columnList(shape.dialect(), key) + ") IN (" + Sql.rowsOfPlaceholders(key.size(), rows)
                        + ")";
        return shape.select() + " WHERE " + condition;
    }

    private TableShape describe() throws SQLException {
        if (shape == null) {
            try (Connection connection = dataSource.getConnection()) {
                describe(connection);
            }
        }
        return shape;
    }

    private void describe(Connection connection) throws SQLException {
        if (shape == null) {
            TableShape described =
                    TableShape.describe(connection, table, keyColumns, compared == null ? List.of() : compared);
            shape = compared == null ? described.withEveryOtherColumn() : described;
            sql = shape.select() + " WHERE "
                    + String.join(
                            " AND ",
                            shape.keys().stream()
                                    .map(k -> shape.dialect().quote(k.name()) + " = ?")
                                    .toList());
        }
    }
}
