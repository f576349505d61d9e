package dev.tandem.core.source;

import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads single rows of one table by key, as {@link JdbcTableSource} streams them, for re-checks. The
 * table is described on the first lookup and the statement built once.
 */
public final class JdbcRowLookup {

    private final DataSource dataSource;
    private final String table;
    private final List<String> keyColumns;
    private final List<String> compared;
    private TableShape shape;
    private String sql;

    public JdbcRowLookup(DataSource dataSource, String table, List<String> keyColumns, List<String> compared) {
        this.dataSource = dataSource;
        this.table = table;
        this.keyColumns = List.copyOf(keyColumns);
        this.compared = List.copyOf(compared);
    }

    /** The columns read after the key, as the database describes them. */
    public synchronized List<Column> columns() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            describe(connection);
            return shape.columns();
        }
    }

    /** The row with {@code key} now, or empty if there is none. */
    public synchronized Optional<SourceRow> find(List<Object> key) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            describe(connection);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < shape.keys().size(); i++) {
                    // The key may come from the other store, typed as that store reads it (a UUID
                    // there may be text here): bind it as this store's column wants it.
                    Column column = shape.keys().get(i);
                    shape.dialect().bind(statement, i + 1, column, ColumnValues.convert(column, key.get(i)));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(shape.read(rows)) : Optional.empty();
                }
            }
        }
    }

    private void describe(Connection connection) throws SQLException {
        if (shape == null) {
            shape = TableShape.describe(connection, table, keyColumns, compared);
            sql = shape.select() + " WHERE "
                    + String.join(
                            " AND ",
                            shape.keys().stream()
                                    .map(k -> shape.dialect().quote(k.name()) + " = ?")
                                    .toList());
        }
    }
}
