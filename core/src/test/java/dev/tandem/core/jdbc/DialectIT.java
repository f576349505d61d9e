package dev.tandem.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedServices;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine decisions the dialects hold, each run on a real server of both engines: byte order of
 * text keys, streaming fetch size, row estimates, the count of running queries, and dropping an index.
 */
class DialectIT {

    private static final AtomicInteger counter = new AtomicInteger();

    private static DataSource fresh(Engine engine) {
        return EmbeddedServices.database(engine)
                .dataSource("dialect" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet());
    }

    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void textInByteOrderSortsUpperCaseBeforeLowerCaseWhateverTheCollation(Engine engine) throws SQLException {
        DataSource db = fresh(engine);
        execute(
                db,
                "CREATE TABLE words (id INT PRIMARY KEY, w VARCHAR(10))",
                "INSERT INTO words VALUES (1, 'b'), (2, 'B'), (3, 'a')");
        List<String> sorted = new ArrayList<>();
        try (Connection connection = db.getConnection();
                Statement statement = connection.createStatement()) {
            Dialect dialect = Dialect.of(connection);
            try (ResultSet rows =
                    statement.executeQuery("SELECT w FROM words ORDER BY " + dialect.inByteOrder(dialect.quote("w")))) {
                while (rows.next()) {
                    sorted.add(rows.getString(1));
                }
            }
        }

        assertThat(sorted).containsExactly("B", "a", "b");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theStreamingFetchSizeReadsAResultWhileOtherRowsAreStillOnTheServer(Engine engine) throws SQLException {
        DataSource db = fresh(engine);
        execute(db, "CREATE TABLE n (i INT PRIMARY KEY)");
        try (Connection connection = db.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO n VALUES (?)")) {
                for (int i = 0; i < 12_000; i++) {
                    insert.setInt(1, i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.setAutoCommit(false);
            long read = 0;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT i FROM n ORDER BY i", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                select.setFetchSize(dialect.streamingFetchSize());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        assertThat(rows.getLong(1)).isEqualTo(read++);
                    }
                }
            }
            connection.rollback();
            assertThat(read).isEqualTo(12_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theRowEstimateQueryFindsTheTableInAnyCaseOnceStatisticsExist(Engine engine) throws SQLException {
        DataSource db = fresh(engine);
        execute(db, "CREATE TABLE orders (id INT PRIMARY KEY)");
        execute(db, "INSERT INTO orders VALUES (1), (2), (3), (4), (5)");
        execute(db, engine == Engine.POSTGRESQL ? "ANALYZE orders" : "ANALYZE TABLE orders");
        try (Connection connection = db.getConnection();
                PreparedStatement estimate =
                        connection.prepareStatement(Dialect.of(connection).estimatedRowCount())) {
            estimate.setString(1, "ORDERS");
            try (ResultSet rows = estimate.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(Math.round(rows.getDouble(1))).isEqualTo(5);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void activeQueriesCountAQueryRunningOnAnotherConnectionButNotTheProbesOwn(Engine engine) throws Exception {
        DataSource db = fresh(engine);
        String sleep = engine == Engine.POSTGRESQL ? "SELECT pg_sleep(3)" : "SELECT SLEEP(3)";
        int idle;
        try (Connection probe = db.getConnection()) {
            idle = Dialect.of(probe).activeQueries(probe);
        }
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                execute(db, sleep);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection probe = db.getConnection()) {
            Dialect dialect = Dialect.of(probe);
            int busy = idle;
            long deadline = System.nanoTime() + 2_500_000_000L;
            while (busy <= idle && System.nanoTime() < deadline) {
                Thread.sleep(50);
                busy = dialect.activeQueries(probe);
            }
            assertThat(idle).isGreaterThanOrEqualTo(0);
            assertThat(busy).isGreaterThan(idle);
        } finally {
            running.join();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void dropIndexDropsTheNamedIndexOfTheTable(Engine engine) throws SQLException {
        DataSource db = fresh(engine);
        execute(
                db,
                "CREATE TABLE orders (id INT PRIMARY KEY, placed INT)",
                "CREATE INDEX by_placed ON orders (placed)");
        try (Connection connection = db.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            assertThat(indexes(connection, dialect)).contains("by_placed");
            try (Statement statement = connection.createStatement()) {
                statement.execute(dialect.dropIndex("by_placed", "orders"));
            }
            assertThat(indexes(connection, dialect)).doesNotContain("by_placed");
        }
    }

    private static List<String> indexes(Connection connection, Dialect dialect) throws SQLException {
        List<String> names = new ArrayList<>();
        DatabaseMetaData metadata = connection.getMetaData();
        try (ResultSet rows = metadata.getIndexInfo(
                dialect.metadataCatalog(connection), dialect.metadataSchema(connection), "orders", false, true)) {
            while (rows.next()) {
                names.add(rows.getString("INDEX_NAME"));
            }
        }
        return names;
    }
}
