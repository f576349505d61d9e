package dev.tandem.reconcile.source;

import dev.tandem.dualwrite.jdbc.Column;
import dev.tandem.dualwrite.jdbc.Dialect;
import dev.tandem.dualwrite.jdbc.SchemaCatalog;
import dev.tandem.dualwrite.jdbc.Table;
import dev.tandem.reconcile.compare.SourceRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads single rows of one table by key, as {@link JdbcTableSource} streams them, for re-checks. */
public final class JdbcRowLookup {

    private final DataSource dataSource;
    private final String table;
    private final List<String> keyNames;
    private final List<String> columnNames;

    public JdbcRowLookup(DataSource dataSource, String table, List<String> keyColumns, List<String> compared) {
        this.dataSource = dataSource;
        this.table = table;
        this.keyNames = List.copyOf(keyColumns);
        this.columnNames = List.copyOf(compared);
    }

    /** The row with {@code key} now, or empty if there is none. */
    public Optional<SourceRow> find(List<Object> key) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            Table described = new SchemaCatalog(dialect)
                    .table(connection, table)
                    .orElseThrow(() -> new IllegalArgumentException("No table '" + table + "'"));
            List<Column> keys = keyNames.isEmpty() ? described.primaryKey() : columns(described, keyNames);
            List<Column> columns = columns(described, columnNames);
            List<String> select = new ArrayList<>();
            keys.forEach(k -> select.add(dialect.quote(k.name())));
            columns.forEach(c -> select.add(dialect.quote(c.name())));
            String sql = "SELECT " + String.join(", ", select) + " FROM " + dialect.quote(described.name()) + " WHERE "
                    + String.join(
                            " AND ",
                            keys.stream()
                                    .map(k -> dialect.quote(k.name()) + " = ?")
                                    .toList());
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < keys.size(); i++) {
                    dialect.bind(statement, i + 1, keys.get(i), key.get(i));
                }
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    List<Object> keyValues = new ArrayList<>();
                    int index = 1;
                    for (Column column : keys) {
                        keyValues.add(dialect.read(rows, index++, column));
                    }
                    List<Object> values = new ArrayList<>();
                    for (Column column : columns) {
                        values.add(dialect.read(rows, index++, column));
                    }
                    return Optional.of(new SourceRow(keyValues, values));
                }
            }
        }
    }

    private List<Column> columns(Table described, List<String> names) {
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(described
                    .column(name)
                    .orElseThrow(
                            () -> new IllegalArgumentException("Table '" + table + "' has no column '" + name + "'")));
        }
        return columns;
    }
}
