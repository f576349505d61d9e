package dev.tandem.testkit;

import javax.sql.DataSource;

/**
 * A real database server running on 127.0.0.1 for the life of the JVM. It can be stopped and started
 * again on the same port and data, which is how tests make a store unavailable for a while.
 */
public interface EmbeddedDatabase {

    /** Which engine this is, e.g. to choose a dialect. */
    Engine engine();

    /** The TCP port on 127.0.0.1. */
    int port();

    /** A JDBC URL for {@code database}, created on first use. */
    String jdbcUrl(String database);

    String username();

    String password();

    /**
     * A small connection pool for {@code database}, created on first use; closed when the JVM exits.
     * A connection request waits up to 30 s, so that a busy build machine does not fail a test.
     */
    DataSource dataSource(String database);

    /**
     * A second pool for {@code database}, for tests that {@link #stop()} the server on purpose and
     * expect a request to fail quickly: it waits 2 s for a connection at most.
     */
    DataSource outageDataSource(String database);

    /** Stops the server, keeping its data and port; connections fail until {@link #start()}. */
    void stop();

    /** Starts the server again after {@link #stop()}; does nothing while it runs. */
    void start();

    boolean isRunning();

    /** The database engines the testkit runs. */
    enum Engine {
        MARIADB,
        POSTGRESQL
    }
}
