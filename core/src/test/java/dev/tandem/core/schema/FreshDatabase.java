package dev.tandem.core.schema;

import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** A new, empty database on one of the embedded servers, with what the migration tests look at. */
record FreshDatabase(EmbeddedDatabase.Engine engine, DataSource dataSource) {

    static FreshDatabase on(EmbeddedDatabase.Engine engine) {
        String name = "own_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new FreshDatabase(engine, EmbeddedServices.database(engine).dataSource(name));
    }

    boolean isMariaDb() {
        return engine == EmbeddedDatabase.Engine.MARIADB;
    }

    void execute(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The first column of every row {@code query} returns, as text. */
    List<String> column(String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    List<AppliedMigration> migrate(OwnTables tables) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return tables.migrate(connection);
        }
    }

    List<Integer> history(OwnTables tables) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return tables.history(connection).stream()
                    .map(AppliedMigration::version)
                    .toList();
        }
    }
}
