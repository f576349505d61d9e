package dev.tandem.core.source;

import dev.tandem.core.jdbc.Dialect;
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

    /** The estimate of {@code table}'s rows; empty without statistics or when the database cannot be asked. */
    public static OptionalLong of(DataSource dataSource, String table) {
        try (Connection connection = dataSource.getConnection()) {
            String sql = Dialect.of(connection).estimatedRowCount();
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
