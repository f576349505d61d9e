package dev.tandem.core.fence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/** Prepares the fence's statements, each bounded by the store's statement timeout. */
final class Statements {

    private final int timeoutSeconds;

    /** @param timeout zero for none; else rounded up to whole seconds, the JDBC granularity */
    Statements(Duration timeout) {
        long millis = timeout.toMillis();
        this.timeoutSeconds = millis == 0 ? 0 : (int) Math.max(1, (millis + 999) / 1000);
    }

    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        if (timeoutSeconds > 0) {
            statement.setQueryTimeout(timeoutSeconds);
        }
        return statement;
    }
}
