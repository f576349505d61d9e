package dev.tandem.backfill;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** How busy the primary is: the queries it is running now, other than the probe's own. */
@FunctionalInterface
public interface BusyProbe {

    /** Queries running now. */
    int activeQueries() throws SQLException;

    /**
     * MySQL/MariaDB: {@code Threads_running} less the probe's own; PostgreSQL: backends in state
     * {@code active} other than the probe's.
     */
    static BusyProbe of(DataSource dataSource) {
        return () -> {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                boolean postgres = connection
                        .getMetaData()
                        .getDatabaseProductName()
                        .toLowerCase()
                        .contains("postgres");
                String sql = postgres
                        ? "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()"
                        : "SHOW GLOBAL STATUS LIKE 'Threads_running'";
                try (ResultSet rows = statement.executeQuery(sql)) {
                    if (!rows.next()) {
                        return 0;
                    }
                    return postgres ? rows.getInt(1) : Math.max(0, Integer.parseInt(rows.getString(2)) - 1);
                }
            }
        };
    }
}
