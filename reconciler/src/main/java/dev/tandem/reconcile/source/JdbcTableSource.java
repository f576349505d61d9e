package dev.tandem.reconcile.source;

import dev.tandem.dualwrite.jdbc.Column;
import dev.tandem.dualwrite.jdbc.ColumnKind;
import dev.tandem.dualwrite.jdbc.Dialect;
import dev.tandem.dualwrite.jdbc.SchemaCatalog;
import dev.tandem.dualwrite.jdbc.Table;
import dev.tandem.reconcile.compare.SourceRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/**
 * Streams one table of one store in {@link dev.tandem.reconcile.compare.KeyOrder}: a single query
 * ordered by the key, text keys by their bytes, read with a cursor so that memory stays flat, each
 * value read as its type ({@link Dialect#read}).
 */
public final class JdbcTableSource implements Iterator<SourceRow>, AutoCloseable {

    private static final int FETCH_SIZE = 5_000;

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final Dialect dialect;
    private final List<Column> keys;
    private final List<Column> columns;
    private Boolean hasNext;

    private JdbcTableSource(
            Connection connection, Dialect dialect, Table table, List<Column> keys, List<Column> columns)
            throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.keys = keys;
        this.columns = columns;
        boolean mysql = dialect.name().equals("mysql");
        List<String> select = new ArrayList<>();
        keys.forEach(k -> select.add(dialect.quote(k.name())));
        columns.forEach(c -> select.add(dialect.quote(c.name())));
        List<String> order = keys.stream().map(k -> orderBy(dialect, mysql, k)).toList();
        String sql = "SELECT " + String.join(", ", select) + " FROM " + dialect.quote(table.name()) + " ORDER BY "
                + String.join(", ", order);
        connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
        connection.setReadOnly(true);
        this.statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(mysql ? Integer.MIN_VALUE : FETCH_SIZE);
        this.rows = statement.executeQuery();
    }

    /**
     * Opens a stream of {@code table}'s rows: {@code keyColumns} (the primary key when empty) and
     * {@code compared} columns, in that order.
     *
     * @throws IllegalArgumentException naming the table or column that does not exist
     */
    public static JdbcTableSource open(
            DataSource dataSource, String table, List<String> keyColumns, List<String> compared) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            Dialect dialect = Dialect.of(connection);
            Table described = new SchemaCatalog(dialect)
                    .table(connection, table)
                    .orElseThrow(
                            () -> new IllegalArgumentException("No table '" + table + "' in " + describe(connection)));
            List<Column> keys = keyColumns.isEmpty() ? described.primaryKey() : columnsOf(described, keyColumns);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("Table '" + table + "' has no primary key; name its key columns");
            }
            return new JdbcTableSource(connection, dialect, described, keys, columnsOf(described, compared));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The names of {@code table}'s columns other than its key ({@code keyColumns}, or the primary key). */
    public static List<String> nonKeyColumns(DataSource dataSource, String table, List<String> keyColumns)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Table described = new SchemaCatalog(Dialect.of(connection))
                    .table(connection, table)
                    .orElseThrow(
                            () -> new IllegalArgumentException("No table '" + table + "' in " + describe(connection)));
            List<String> keys = keyColumns.isEmpty()
                    ? described.primaryKey().stream().map(Column::name).toList()
                    : keyColumns;
            return described.columns().stream()
                    .map(Column::name)
                    .filter(name -> keys.stream().noneMatch(name::equalsIgnoreCase))
                    .toList();
        }
    }

    /** The columns read after the key, as the database describes them. */
    public List<Column> columns() {
        return columns;
    }

    private static String orderBy(Dialect dialect, boolean mysql, Column key) {
        String quoted = dialect.quote(key.name());
        if (key.kind() != ColumnKind.TEXT) {
            return quoted;
        }
        return mysql ? "CAST(" + quoted + " AS BINARY)" : quoted + " COLLATE \"C\"";
    }

    private static List<Column> columnsOf(Table table, List<String> names) {
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(table.column(name)
                    .orElseThrow(() ->
                            new IllegalArgumentException("Table '" + table.name() + "' has no column '" + name + "'")));
        }
        return columns;
    }

    private static String describe(Connection connection) {
        try {
            return connection.getMetaData().getURL();
        } catch (SQLException e) {
            return "the database";
        }
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
            List<Object> key = new ArrayList<>(keys.size());
            int index = 1;
            for (Column column : keys) {
                key.add(dialect.read(rows, index++, column));
            }
            List<Object> values = new ArrayList<>(columns.size());
            for (Column column : columns) {
                values.add(dialect.read(rows, index++, column));
            }
            return new SourceRow(key, values);
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
