package dev.tandem.core.source;

import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.SchemaCatalog;
import dev.tandem.core.jdbc.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One table of one store as the reconciler reads it: its key columns then its compared columns,
 * as the database describes them; the select list and the reading of a row, shared by streaming
 * and by lookups.
 */
record TableShape(Dialect dialect, Table table, List<Column> keys, List<Column> columns) {

    /**
     * @throws IllegalArgumentException naming the table or column that does not exist, or a table without key
     */
    static TableShape describe(Connection connection, String table, List<String> keyColumns, List<String> compared)
            throws SQLException {
        Dialect dialect = Dialect.of(connection);
        Table described = new SchemaCatalog(dialect)
                .table(connection, table)
                .orElseThrow(() -> new IllegalArgumentException("No table '" + table + "' in " + url(connection)));
        List<Column> keys = keyColumns.isEmpty() ? described.primaryKey() : columnsOf(described, keyColumns);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("Table '" + table + "' has no primary key; name its key columns");
        }
        return new TableShape(dialect, described, keys, columnsOf(described, compared));
    }

    /**
     * The table's column {@code name}, which must hold a date and time.
     *
     * @throws IllegalArgumentException if there is no such column or it is not a timestamp
     */
    Column timestampColumn(String name) {
        Column column = table.column(name)
                .orElseThrow(() ->
                        new IllegalArgumentException("Table '" + table.name() + "' has no column '" + name + "'"));
        if (column.kind() != ColumnKind.TIMESTAMP && column.kind() != ColumnKind.TIMESTAMPTZ) {
            throw new IllegalArgumentException("Column '" + name + "' of table '" + table.name()
                    + "' is not a timestamp, so it cannot tell which rows changed");
        }
        return column;
    }

    /** This shape reading every column of the table after the key, in table order. */
    TableShape withEveryOtherColumn() {
        return new TableShape(dialect, table, keys, columnsOf(table, nonKeyColumnNames()));
    }

    /** The names of the table's columns other than the key. */
    List<String> nonKeyColumnNames() {
        return table.columns().stream()
                .filter(c -> keys.stream().noneMatch(k -> k.name().equalsIgnoreCase(c.name())))
                .map(Column::name)
                .toList();
    }

    /** {@code SELECT key…, column… FROM table}, names quoted. */
    String select() {
        List<String> select = new ArrayList<>();
        keys.forEach(k -> select.add(dialect.quote(k.name())));
        columns.forEach(c -> select.add(dialect.quote(c.name())));
        return "SELECT " + String.join(", ", select) + " FROM " + dialect.quote(table.name());
    }

    /** The current row of {@code rows}, selected by {@link #select}, each value read as its type. */
    SourceRow read(ResultSet rows) throws SQLException {
        Object[] cells = new Object[keys.size() + columns.size()];
        for (int i = 0; i < keys.size(); i++) {
            cells[i] = dialect.read(rows, i + 1, keys.get(i));
        }
        for (int i = 0; i < columns.size(); i++) {
            int cell = keys.size() + i;
            cells[cell] = dialect.read(rows, cell + 1, columns.get(i));
        }
        return SourceRow.of(cells, keys.size());
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

    private static String url(Connection connection) {
        try {
            return connection.getMetaData().getURL();
        } catch (SQLException e) {
            return "the database";
        }
    }
}
