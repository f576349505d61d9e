package dev.tandem.core.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tables of the current database as its metadata describes them, read once per table and kept.
 * A name that matches no table is looked up again before it is refused, so tables created while the
 * application runs are found; {@link #reload} re-reads a table whose shape may have changed.
 */
public final class SchemaCatalog {

    private final Dialect dialect;
    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    public SchemaCatalog(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * The table named {@code name} (exact spelling first, else the one table whose name differs only
     * in case), or empty if there is none.
     */
    public Optional<Table> table(Connection connection, String name) throws SQLException {
        Table cached = tables.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> actual = resolveName(connection, name);
        if (actual.isEmpty()) {
            return Optional.empty();
        }
        Table table = load(connection, actual.get());
        tables.put(name, table);
        return Optional.of(table);
    }

    /** Reads the table named {@code name} again, e.g. because a column was added since it was read. */
    public Optional<Table> reload(Connection connection, String name) throws SQLException {
        tables.remove(name);
        return table(connection, name);
    }

    /** Forgets what was read, e.g. after a schema change. */
    public void clear() {
        tables.clear();
    }

    private Optional<String> resolveName(Connection connection, String name) throws SQLException {
        List<String> caseInsensitive = new ArrayList<>();
        DatabaseMetaData md = connection.getMetaData();
        try (ResultSet rs = md.getTables(
                dialect.metadataCatalog(connection), dialect.metadataSchema(connection), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String candidate = rs.getString("TABLE_NAME");
                if (candidate.equals(name)) {
                    return Optional.of(candidate);
                }
                if (candidate.equalsIgnoreCase(name)) {
                    caseInsensitive.add(candidate);
                }
            }
        }
        return caseInsensitive.size() == 1 ? Optional.of(caseInsensitive.get(0)) : Optional.empty();
    }

    private Table load(Connection connection, String name) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        String catalog = dialect.metadataCatalog(connection);
        String schema = dialect.metadataSchema(connection);
        Map<String, Column> columns = new LinkedHashMap<>();
        try (ResultSet rs = md.getColumns(catalog, schema, escape(md, name), "%")) {
            while (rs.next()) {
                if ("YES".equals(rs.getString("IS_GENERATEDCOLUMN"))) {
                    continue;
                }
                Column column = dialect.describe(
                        rs.getString("COLUMN_NAME"),
                        rs.getInt("DATA_TYPE"),
                        rs.getString("TYPE_NAME"),
                        rs.getInt("COLUMN_SIZE"),
                        rs.getInt("DECIMAL_DIGITS"),
                        rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls);
                columns.put(column.name(), column);
            }
        }
        TreeMap<Short, Column> primaryKey = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(catalog, schema, name)) {
            while (rs.next()) {
                primaryKey.put(rs.getShort("KEY_SEQ"), columns.get(rs.getString("COLUMN_NAME")));
            }
        }
        Set<String> keyNames = new HashSet<>();
        primaryKey.values().forEach(c -> keyNames.add(c.name()));
        Map<String, Set<String>> uniqueIndexes = new LinkedHashMap<>();
        try (ResultSet rs = md.getIndexInfo(catalog, schema, name, true, true)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index != null && column != null) {
                    uniqueIndexes.computeIfAbsent(index, i -> new HashSet<>()).add(column);
                }
            }
        }
        boolean otherUniqueKeys = uniqueIndexes.values().stream().anyMatch(set -> !set.equals(keyNames));
        List<Column> key = List.copyOf(primaryKey.values());
        return new Table(
                name,
                List.copyOf(columns.values()),
                key,
                otherUniqueKeys,
                dialect.foldingKeyCollations(connection, name, key));
    }

    /** Metadata lookups take patterns: escape {@code _} and {@code %} in a real name. */
    private static String escape(DatabaseMetaData md, String name) throws SQLException {
        String escape = md.getSearchStringEscape();
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
