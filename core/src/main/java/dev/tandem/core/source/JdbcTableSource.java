package dev.tandem.core.source;

import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import dev.tandem.core.jdbc.ColumnValues;
import dev.tandem.core.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/**
 * Streams one table of one store in {@link dev.tandem.core.compare.KeyOrder}: a single query
 * ordered by the key, text keys by their bytes, read with a cursor so that memory stays flat, each
 * value read as its type ({@link Dialect#read}).
 */
public final class JdbcTableSource implements Iterator<SourceRow>, AutoCloseable {

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final TableShape shape;
    private Boolean hasNext;

    private JdbcTableSource(Connection connection, TableShape shape, Since since, Range range) throws SQLException {
        this.connection = connection;
        this.shape = shape;
        Dialect dialect = shape.dialect();
        List<String> order = shape.keys().stream().map(k -> orderBy(dialect, k)).toList();
        Column changed = since == null ? null : shape.timestampColumn(since.column());
        List<String> conditions = new ArrayList<>(3);
        if (changed != null) {
            conditions.add(dialect.quote(changed.name()) + " >= ?");
        }
        if (range.after() != null) {
            conditions.add(keyTuple(order) + " > " + boundTuple());
        }
        if (range.upTo() != null) {
            conditions.add(keyTuple(order) + " <= " + boundTuple());
        }
        String sql = shape.select()
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " ORDER BY " + String.join(", ", order);
        connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
        connection.setReadOnly(true);
        this.statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(dialect.streamingFetchSize());
        int index = 1;
        if (changed != null) {
            statement.setObject(
                    index++,
                    changed.kind() == ColumnKind.TIMESTAMPTZ
                            ? since.at().atOffset(ZoneOffset.UTC)
                            : LocalDateTime.ofInstant(since.at(), ZoneOffset.UTC));
        }
        for (List<Object> bound : Arrays.asList(range.after(), range.upTo())) {
            if (bound != null) {
                index = bind(index, bound);
            }
        }
        this.rows = statement.executeQuery();
    }

    /** Rows whose {@code column} (a timestamp, read as UTC when it has no zone) is at or after {@code at}. */
    public record Since(String column, Instant at) {}

    /**
     * The rows whose keys are above {@code after} (from the first when null) and at most {@code upTo}
     * (to the last when null), compared in {@link dev.tandem.core.compare.KeyOrder}, the order the rows
     * are streamed in, so that the same range selects the same keys of either store.
     */
    public record Range(List<Object> after, List<Object> upTo) {

        /** Every row. */
        public static final Range ALL = new Range(null, null);

        public Range {
            after = after == null ? null : Collections.unmodifiableList(new ArrayList<>(after));
            upTo = upTo == null ? null : Collections.unmodifiableList(new ArrayList<>(upTo));
        }
    }

    /**
     * Opens a stream of {@code table}'s rows: {@code keyColumns} (the primary key when empty) and
     * {@code compared} columns, in that order.
     *
     * @throws IllegalArgumentException naming the table or column that does not exist
     */
    public static JdbcTableSource open(
            DataSource dataSource, String table, List<String> keyColumns, List<String> compared) throws SQLException {
        return open(dataSource, table, keyColumns, compared, null);
    }

    /**
     * Like {@link #open(DataSource, String, List, List)}, but only the rows changed {@code since}
     * (all rows when null), in the same order.
     *
     * @throws IllegalArgumentException naming the table or column that does not exist, or a
     *     {@code since} column that is not a timestamp
     */
    public static JdbcTableSource open(
            DataSource dataSource, String table, List<String> keyColumns, List<String> compared, Since since)
            throws SQLException {
        return open(dataSource, table, keyColumns, compared, since, Range.ALL);
    }

    /**
     * Like {@link #open(DataSource, String, List, List, Since)}, but only the rows of the key
     * {@code range}, in the same order.
     *
     * @throws IllegalArgumentException naming the table or column that does not exist, a {@code since}
     *     column that is not a timestamp, or a range bound of another width than the key
     */
    public static JdbcTableSource open(
            DataSource dataSource,
            String table,
            List<String> keyColumns,
            List<String> compared,
            Since since,
            Range range)
            throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            TableShape shape = TableShape.describe(connection, table, keyColumns, compared);
            for (List<Object> bound : Arrays.asList(range.after(), range.upTo())) {
                if (bound != null && bound.size() != shape.keys().size()) {
                    throw new IllegalArgumentException("A key range bound of " + table + " has " + bound.size()
                            + " value(s) but the key has " + shape.keys().size() + " column(s)");
                }
            }
            return new JdbcTableSource(connection, shape, since, range);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The names of {@code table}'s columns other than its key ({@code keyColumns}, or the primary key). */
    public static List<String> nonKeyColumns(DataSource dataSource, String table, List<String> keyColumns)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return TableShape.describe(connection, table, keyColumns, List.of()).nonKeyColumnNames();
        }
    }

    /** The key columns' names, in order, as the database spells them. */
    public List<String> keyColumns() {
        return shape.keys().stream().map(Column::name).toList();
    }

    /** The columns read after the key, as the database describes them. */
    public List<Column> columns() {
        return shape.columns();
    }

    /** The key as a row value in stream order, e.g. {@code (id, CAST(code AS BINARY))}. */
    private static String keyTuple(List<String> order) {
        return order.size() == 1 ? order.get(0) : "(" + String.join(", ", order) + ")";
    }

    /** Placeholders for a bound, text ones in byte order as the keys are. */
    private String boundTuple() {
        List<String> placeholders = shape.keys().stream()
                .map(k -> k.kind() == ColumnKind.TEXT ? shape.dialect().inByteOrder("?") : "?")
                .toList();
        return placeholders.size() == 1 ? placeholders.get(0) : "(" + String.join(", ", placeholders) + ")";
    }

    private int bind(int index, List<Object> bound) throws SQLException {
        for (int i = 0; i < shape.keys().size(); i++) {
            Column column = shape.keys().get(i);
            // A bound may come from the other store, typed as that store reads it.
            shape.dialect().bind(statement, index++, column, ColumnValues.convert(column, bound.get(i)));
        }
        return index;
    }

    private static String orderBy(Dialect dialect, Column key) {
        String quoted = dialect.quote(key.name());
        return key.kind() == ColumnKind.TEXT ? dialect.inByteOrder(quoted) : quoted;
    }

    @Override
    public boolean hasNext() {
        if (hasNext == null) {
            try {
                hasNext = rows.next();
            } catch (SQLException e) {
                throw new TableReadException("Reading the next row failed", e);
            }
        }
        return hasNext;
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        hasNext = null;
        try {
            return shape.read(rows);
        } catch (SQLException e) {
            throw new TableReadException("Reading a row failed", e);
        }
    }

    @Override
    public void close() throws SQLException {
        try (connection) {
            // A streaming MySQL result must be closed before anything else is said on its connection.
            try (statement;
                    rows) {
                // closed in reverse order
            }
            connection.rollback();
        }
    }
}
