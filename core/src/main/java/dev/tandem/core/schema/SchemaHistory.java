package dev.tandem.core.schema;

import dev.tandem.core.jdbc.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A component's history table: one row per applied migration, in SQL both engines take. */
final class SchemaHistory {

    private final Dialect dialect;
    private final String name;
    private final String table;

    SchemaHistory(Dialect dialect, String name) {
        this.dialect = dialect;
        this.name = name;
        this.table = dialect.quote(name);
    }

    boolean exists(Connection connection) throws SQLException {
        try (ResultSet tables = connection
                .getMetaData()
                .getTables(dialect.metadataCatalog(connection), dialect.metadataSchema(connection), name, null)) {
            while (tables.next()) {
                // The name is a LIKE pattern, where _ matches any character.
                if (tables.getString("TABLE_NAME").equals(name)) {
                    return true;
                }
            }
            return false;
        }
    }

    void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + table + " (version INT NOT NULL PRIMARY KEY,"
                    + " description VARCHAR(200) NOT NULL, script VARCHAR(1000) NOT NULL, checksum BIGINT NOT NULL,"
                    + " installed_at BIGINT NOT NULL, execution_ms BIGINT NOT NULL)");
        }
    }

    /** The applied migrations in version order. */
    List<AppliedMigration> applied(Connection connection) throws SQLException {
        List<AppliedMigration> applied = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, description, script, checksum, installed_at,"
                        + " execution_ms FROM " + table + " ORDER BY version")) {
            while (rows.next()) {
                applied.add(new AppliedMigration(
                        rows.getInt(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getLong(4),
                        Instant.ofEpochMilli(rows.getLong(5)),
                        rows.getLong(6)));
            }
        }
        return applied;
    }

    void record(Connection connection, AppliedMigration migration) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                + " (version, description, script, checksum, installed_at, execution_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.description());
            insert.setString(3, migration.script());
            insert.setLong(4, migration.checksum());
            insert.setLong(5, migration.installedAt().toEpochMilli());
            insert.setLong(6, migration.executionMillis());
            insert.executeUpdate();
        }
    }
}
