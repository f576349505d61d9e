package dev.tandem.cli;

import dev.tandem.testkit.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A login on the embedded PostgreSQL that, unlike the server's others (trust), must give its
 * password: a role of its own, and a {@code pg_hba.conf} line asking it for a scram password, put
 * first and reloaded. The embedded MariaDB runs with {@code --skip-grant-tables} and checks no password.
 */
final class PasswordLogin {

    static final String PASSWORD = "right-password";

    final String user = "pw" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final EmbeddedDatabase postgres;
    private final String database;

    PasswordLogin(EmbeddedDatabase postgres, String database) throws Exception {
        this.postgres = postgres;
        this.database = database;
        try (Connection connection = postgres.dataSource(database).getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + PASSWORD + "'");
            Path hba;
            try (ResultSet file = statement.executeQuery("SHOW hba_file")) {
                file.next();
                hba = Path.of(file.getString(1));
            }
            Files.writeString(hba, "host all " + user + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /** The JDBC URL of the database, as this login. */
    String url() {
        return postgres.jdbcUrl(database).replace("user=" + postgres.username(), "user=" + user);
    }

    /** Checks that the right password gets in (so a refusal is the password's doing). */
    void assertPasswordChecked() throws SQLException {
        try (Connection ignored = java.sql.DriverManager.getConnection(url(), user, PASSWORD)) {
            // in
        }
        try (Connection ignored = java.sql.DriverManager.getConnection(url(), user, "wrong")) {
            throw new AssertionError("the embedded PostgreSQL let " + user + " in with a wrong password");
        } catch (SQLException expected) {
            // refused, as it should
        }
    }
}
