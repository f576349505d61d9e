package dev.tandem.core.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The database's own estimate of a table's row count (statistics, not a count), for progress and
 * ETA. Empty when the engine has no statistics yet.
 */
public final class RowEstimate {

    private RowEstimate() {}

    public static OptionalLong of(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection()) {
            boolean postgres = connection
                    .getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase()
                    .contains("postgres");
            String sql = postgres
                    ? "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                            + " WHERE n.nspname = current_schema() AND lower(c.relname) = lower(?)"
                    : "SELECT TABLE_ROWS FROM information_schema.TABLES"
                            + " WHERE TABLE_SCHEMA = DATABASE() AND lower(TABLE_NAME) = lower(?)";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, table);
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        long estimate = Math.round(rows.getDouble(1));
                        return estimate > 0 ? OptionalLong.of(estimate) : OptionalLong.empty();
                    }
                    return OptionalLong.empty();
                }
            }
        } catch (SQLException e) {
            return OptionalLong.empty();
        }
    }
}
