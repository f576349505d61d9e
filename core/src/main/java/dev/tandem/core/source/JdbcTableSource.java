package dev.tandem.core.source;

import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import dev.tandem.core.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
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

    private JdbcTableSource(Connection connection, TableShape shape, Since since) throws SQLException {
        this.connection = connection;
        this.shape = shape;
        List<String> order =
                shape.keys().stream().map(k -> orderBy(shape.dialect(), k)).toList();
        Column changed = since == null ? null : shape.timestampColumn(since.column());
        String sql = shape.select()
                + (changed == null ? "" : " WHERE " + shape.dialect().quote(changed.name()) + " >= ?")
                + " ORDER BY " + String.join(", ", order);
        connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
        connection.setReadOnly(true);
        this.statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(shape.dialect().streamingFetchSize());
        if (changed != null) {
            statement.setObject(
                    1,
                    changed.kind() == ColumnKind.TIMESTAMPTZ
                            ? since.at().atOffset(ZoneOffset.UTC)
                            : LocalDateTime.ofInstant(since.at(), ZoneOffset.UTC));
        }
        this.rows = statement.executeQuery();
    }

    /** Rows whose {@code column} (a timestamp, read as UTC when it has no zone) is at or after {@code at}. */
    public record Since(String column, Instant at) {}

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
        Connection connection = dataSource.getConnection();
        try {
            return new JdbcTableSource(connection, TableShape.describe(connection, table, keyColumns, compared), since);
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
