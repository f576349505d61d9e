package dev.tandem.dualwrite.migration;

import dev.tandem.core.compare.ColumnComparison;
import dev.tandem.core.compare.ColumnOptions;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnValues;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.SchemaCatalog;
import dev.tandem.core.jdbc.Sql;
import dev.tandem.core.jdbc.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.sql.DataSource;

/**
 * Rows of one store read by primary key, typed as the store's {@link Dialect} reads them: what
 * shadow reads and the cutover's verification compare.
 */
final class StoreRows {

    private static final int CHUNK = 200;

    private final DataSource dataSource;
    private volatile Dialect dialect;
    private volatile SchemaCatalog catalog;

    StoreRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The table named {@code name}; an {@link IllegalArgumentException} if the store has none. */
    Table table(Connection connection, String name) throws SQLException {
        if (catalog == null) {
            dialect = Dialect.of(connection);
            catalog = new SchemaCatalog(dialect);
        }
        return catalog.table(connection, name)
                .orElseThrow(() -> new IllegalArgumentException("No table '" + name + "' in " + dialect.name()));
    }

    /**
     * The rows of {@code table} with the given keys, by the key's canonical text ({@link #keyText});
     * keys with no row are absent. Column names are those of the store.
     */
    Found read(String tableName, List<Map<String, Object>> keys) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Table table = table(connection, tableName);
            Map<String, Map<String, Object>> rows = new HashMap<>();
            for (int from = 0; from < keys.size(); from += CHUNK) {
                List<Map<String, Object>> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
                String sql = "SELECT " + Sql.columnList(dialect, table.columns()) + " FROM "
                        + dialect.quote(table.name()) + " WHERE " + Sql.keyIn(dialect, table, chunk.size());
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    int index = 1;
                    for (Map<String, Object> key : chunk) {
                        for (Column column : table.primaryKey()) {
                            dialect.bind(
                                    statement, index++, column, ColumnValues.convert(column, keyValue(key, column)));
                        }
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            Map<String, Object> row = new LinkedHashMap<>();
                            for (int i = 0; i < table.columns().size(); i++) {
                                Column column = table.columns().get(i);
                                row.put(column.name(), dialect.read(rs, i + 1, column));
                            }
                            rows.put(keyText(table, row), row);
                        }
                    }
                }
            }
            return new Found(table, rows);
        }
    }

    /** Canonical text of a key, e.g. {@code id=42}, as built from the key columns' values. */
    static String keyText(Table table, Map<String, Object> values) {
        StringJoiner text = new StringJoiner(",");
        for (Column column : table.primaryKey()) {
            Object value = keyValue(values, column);
            Object converted = value == null ? null : ColumnValues.convert(column, value);
            text.add(column.name().toLowerCase(java.util.Locale.ROOT) + "="
                    + new ColumnComparison(column.name(), column, column, ColumnOptions.DEFAULT)
                            .canonicalPrimary(converted));
        }
        return text.toString();
    }

    private static Object keyValue(Map<String, Object> key, Column column) {
        Object value = key.get(column.name());
        if (value == null) {
            for (Map.Entry<String, Object> entry : key.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(column.name())) {
                    return entry.getValue();
                }
            }
        }
        return value;
    }

    /** Rows found in one table. */
    record Found(Table table, Map<String, Map<String, Object>> rows) {

        List<String> keys() {
            return new ArrayList<>(rows.keySet());
        }
    }
}
