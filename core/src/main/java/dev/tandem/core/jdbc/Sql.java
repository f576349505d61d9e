package dev.tandem.core.jdbc;

import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.regex.Pattern;

/** SQL text both engines accept, built from quoted identifiers and {@code ?} placeholders only. */
public final class Sql {

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Sql() {}

    /**
     * {@code name}, if it is a plain identifier (a letter or _, then letters, digits or _, at most 63
     * characters), as names of Tandem's own tables must be; else an exception naming {@code what}.
     */
    public static String requirePlainIdentifier(String what, String name) {
        if (name == null || !PLAIN_IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name
                    + "' must be a plain identifier: a letter or _, then letters, digits or _, at most 63 characters");
        }
        return name;
    }

    /** {@code (?, ?), (?, ?)} for {@code rows} rows of {@code width} values each. */
    public static String rowsOfPlaceholders(int width, int rows) {
        String row = "(" + "?, ".repeat(width - 1) + "?)";
        StringJoiner joiner = new StringJoiner(", ");
        for (int i = 0; i < rows; i++) {
            joiner.add(row);
        }
        return joiner.toString();
    }

    public static String columnList(Dialect dialect, List<Column> columns) {
        return join(columns, c -> dialect.quote(c.name()), ", ");
    }

    public static String insert(Dialect dialect, Table table, List<Column> columns, int rows) {
        return "INSERT INTO " + dialect.quote(table.name()) + " (" + columnList(dialect, columns) + ") VALUES "
                + rowsOfPlaceholders(columns.size(), rows);
    }

    /** {@code UPDATE t SET a = ?, b = ? WHERE k = ?}: the set columns' values first, then the key's. */
    public static String updateByKey(Dialect dialect, Table table, List<Column> setColumns) {
        return "UPDATE " + dialect.quote(table.name()) + " SET "
                + join(setColumns, c -> dialect.quote(c.name()) + " = ?", ", ") + " WHERE "
                + join(table.primaryKey(), c -> dialect.quote(c.name()) + " = ?", " AND ");
    }

    public static String deleteByKeys(Dialect dialect, Table table, int rows) {
        return "DELETE FROM " + dialect.quote(table.name()) + " WHERE " + keyIn(dialect, table, rows);
    }

    /** The primary keys among {@code rows} candidates that exist, locked for update. */
    public static String selectExistingKeysForUpdate(Dialect dialect, Table table, int rows) {
        return "SELECT " + columnList(dialect, table.primaryKey()) + " FROM " + dialect.quote(table.name()) + " WHERE "
                + keyIn(dialect, table, rows) + " FOR UPDATE";
    }

    /** {@code (k1, k2) IN ((?, ?), …)}, or {@code k IN (?, …)} for a one-column key. */
    public static String keyIn(Dialect dialect, Table table, int rows) {
        List<Column> key = table.primaryKey();
        if (key.size() == 1) {
            return dialect.quote(key.get(0).name()) + " IN (" + "?, ".repeat(rows - 1) + "?)";
        }
        return "(" + columnList(dialect, key) + ") IN (" + rowsOfPlaceholders(key.size(), rows) + ")";
    }

    static <T> String join(List<T> items, Function<T, String> text, String separator) {
        StringJoiner joiner = new StringJoiner(separator);
        items.forEach(item -> joiner.add(text.apply(item)));
        return joiner.toString();
    }
}
