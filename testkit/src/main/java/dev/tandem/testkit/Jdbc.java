package dev.tandem.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Plain SQL against a test database, for setting it up and looking into it: what every test and
 * benchmark needs and none should write again. A failure names the statement that failed.
 */
public final class Jdbc {

    private Jdbc() {}

    /** Runs {@code statements} in order on one connection (auto-commit). */
    public static void execute(DataSource dataSource, String... statements) {
        String current = null;
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                current = sql;
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    (current == null ? "Connecting" : "Running '" + current + "'") + " failed: " + e.getMessage(), e);
        }
    }

    /** The rows of {@code table}. */
    public static long count(DataSource dataSource, String table) {
        return queryLong(dataSource, "SELECT COUNT(*) FROM " + table);
    }

    /** The first column of the one row {@code query} returns, as a long. */
    public static long queryLong(DataSource dataSource, String query) {
        List<Map<String, Object>> rows = rows(dataSource, query);
        if (rows.size() != 1) {
            throw new IllegalStateException("'" + query + "' returned " + rows.size() + " rows, not one");
        }
        Object value = rows.get(0).values().iterator().next();
        if (!(value instanceof Number number)) {
            throw new IllegalStateException("'" + query + "' returned " + value + ", not a number");
        }
        return number.longValue();
    }

    /** Every row {@code query} returns, each a map of column label (lower case) to its JDBC value. */
    public static List<Map<String, Object>> rows(DataSource dataSource, String query) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Running '" + query + "' failed: " + e.getMessage(), e);
        }
    }
}
