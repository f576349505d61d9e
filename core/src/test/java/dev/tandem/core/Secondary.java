package dev.tandem.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The secondaries the fence contract runs against: the embedded servers everywhere, and Oracle MySQL 8
 * and PostgreSQL in containers where a Docker engine exists (skipped, not failed, where none does).
 */
enum Secondary {
    MARIADB(Engine.MARIADB),
    POSTGRESQL(Engine.POSTGRESQL),
    MYSQL8_CONTAINER(Engine.MARIADB),
    POSTGRESQL_CONTAINER(Engine.POSTGRESQL);

    /** The engine family, which decides the SQL dialect of test fixtures. */
    final Engine family;

    Secondary(Engine family) {
        this.family = family;
    }

    /** A new, empty database on this secondary. */
    DataSource freshDatabase(String name) {
        return switch (this) {
            case MARIADB, POSTGRESQL -> EmbeddedServices.database(family).dataSource(name);
            case MYSQL8_CONTAINER -> Containers.database(
                    Containers.mysql(),
                    name,
                    "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&rewriteBatchedStatements=true");
            case POSTGRESQL_CONTAINER -> Containers.database(
                    Containers.postgres(), name, "?reWriteBatchedInserts=true");
        };
    }

    /** Containers started at most once per JVM, and only where Docker is available. */
    private static final class Containers {
        private static MySQLContainer<?> mysql;
        private static PostgreSQLContainer<?> postgres;

        static synchronized MySQLContainer<?> mysql() {
            assumeDocker();
            if (mysql == null) {
                mysql = new MySQLContainer<>("mysql:8.4").withCommand("--character-set-server=utf8mb4");
                mysql.start();
            }
            return mysql;
        }

        static synchronized PostgreSQLContainer<?> postgres() {
            assumeDocker();
            if (postgres == null) {
                postgres = new PostgreSQLContainer<>("postgres:17-alpine");
                postgres.start();
            }
            return postgres;
        }

        static DataSource database(JdbcDatabaseContainer<?> container, String name, String parameters) {
            boolean mysqlFamily = container instanceof MySQLContainer<?>;
            String user = mysqlFamily ? "root" : container.getUsername();
            try (Connection c = DriverManager.getConnection(container.getJdbcUrl(), user, container.getPassword());
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException(
                        "Could not create database " + name + " in " + container.getDockerImageName(), e);
            }
            String base = container.getJdbcUrl();
            String url = base.substring(0, base.lastIndexOf('/') + 1) + name + parameters;
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(container.getPassword());
            config.setMaximumPoolSize(8);
            return new HikariDataSource(config);
        }

        private static void assumeDocker() {
            Assumptions.assumeTrue(
                    DockerClientFactory.instance().isDockerAvailable(),
                    "No Docker engine here: container secondaries are skipped");
        }
    }
}
