package dev.tandem.core.source;

import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnValues;
import dev.tandem.core.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Reads one table of one store by key range with keyset pagination: {@code WHERE key > after AND key
 * <= upTo ORDER BY key LIMIT n}, never OFFSET, so every page costs an index seek however deep it is.
 * Pages follow the store's own key order (its collation), which the range bounds are compared in too;
 * composite keys compare as row values. The table is described once.
 */
public final class KeyRangeReader {

    private final DataSource dataSource;
    private final TableShape shape;

    private KeyRangeReader(DataSource dataSource, TableShape shape) {
        this.dataSource = dataSource;
        this.shape = shape;
    }

    /**
     * A reader of {@code table}'s {@code keyColumns} (its primary key when empty) and {@code columns}.
     *
     * @throws IllegalArgumentException naming the table or column that does not exist
     */
    public static KeyRangeReader of(DataSource dataSource, String table, List<String> keyColumns, List<String> columns)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return new KeyRangeReader(dataSource, TableShape.describe(connection, table, keyColumns, columns));
        }
    }

    /** The key columns, as the database describes them. */
    public List<Column> keys() {
        return shape.keys();
    }

    /** The columns read after the key. */
    public List<Column> columns() {
        return shape.columns();
    }

    /** The table's name as the database spells it. */
    public String table() {
        return shape.table().name();
    }

    /** The names of the table's columns other than the key. */
    public List<String> nonKeyColumnNames() {
        return shape.nonKeyColumnNames();
    }

    /** The dialect of the store. */
    public Dialect dialect() {
        return shape.dialect();
    }

    /**
     * Up to {@code limit} rows (all when {@code limit} is 0) with keys above {@code after} (from the
     * start when null) and at most {@code upTo} (to the end when null), in key order.
     */
    public List<SourceRow> read(List<Object> after, List<Object> upTo, int limit) throws SQLException {
        List<SourceRow> rows = new ArrayList<>(limit > 0 ? limit : 1_024);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = prepare(connection, shape.select(), after, upTo, limit)) {
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.add(shape.read(result));
                    }
                }
            }
        }
        return rows;
    }

    /** Streams every key of the table, in key order, to {@code keys} (the key index alone is read). */
    public void walkKeys(Consumer<List<Object>> keys) throws SQLException {
        List<String> names =
                shape.keys().stream().map(k -> shape.dialect().quote(k.name())).toList();
        String select = "SELECT " + String.join(", ", names) + " FROM "
                + shape.dialect().quote(table());
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement statement = prepare(connection, select, null, null, 0)) {
                statement.setFetchSize(shape.dialect().streamingFetchSize());
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        Object[] key = new Object[shape.keys().size()];
                        for (int i = 0; i < key.length; i++) {
                            key[i] = shape.dialect()
                                    .read(result, i + 1, shape.keys().get(i));
                        }
                        keys.accept(List.of(key));
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private PreparedStatement prepare(
            Connection connection, String select, List<Object> after, List<Object> upTo, int limit)
            throws SQLException {
        List<String> conditions = new ArrayList<>(2);
        if (after != null) {
            conditions.add(keyTuple() + " > " + placeholders());
        }
        if (upTo != null) {
            conditions.add(keyTuple() + " <= " + placeholders());
        }
        String sql = select
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY "
                + String.join(
                        ", ",
                        shape.keys().stream()
                                .map(k -> shape.dialect().quote(k.name()))
                                .toList())
                + (limit > 0 ? " LIMIT " + limit : "");
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            int index = 1;
            for (List<Object> bound : java.util.Arrays.asList(after, upTo)) {
                if (bound == null) {
                    continue;
                }
                for (int i = 0; i < shape.keys().size(); i++) {
                    Column column = shape.keys().get(i);
                    // A bound may come from the other store, typed as that store reads it.
                    shape.dialect().bind(statement, index++, column, ColumnValues.convert(column, bound.get(i)));
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private String keyTuple() {
        List<String> names =
                shape.keys().stream().map(k -> shape.dialect().quote(k.name())).toList();
        return names.size() == 1 ? names.get(0) : "(" + String.join(", ", names) + ")";
    }

    private String placeholders() {
        int width = shape.keys().size();
        return width == 1 ? "?" : "(" + String.join(", ", java.util.Collections.nCopies(width, "?")) + ")";
    }
}
