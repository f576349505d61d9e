package dev.tandem.core.pace;

import dev.tandem.core.jdbc.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** How busy the primary is: the queries it is running now, other than the probe's own. */
@FunctionalInterface
public interface BusyProbe {

    /** Queries running now. */
    int activeQueries() throws SQLException;

    /**
     * The queries {@code dataSource}'s server runs other than the probe's, as its dialect counts them
     * ({@link Dialect#activeQueries}: MySQL/MariaDB {@code Threads_running}, PostgreSQL backends in
     * state {@code active}).
     */
    static BusyProbe of(DataSource dataSource) {
        return () -> {
            try (Connection connection = dataSource.getConnection()) {
                return Dialect.of(connection).activeQueries(connection);
            }
        };
    }
}
