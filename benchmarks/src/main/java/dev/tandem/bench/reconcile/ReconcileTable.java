package dev.tandem.bench.reconcile;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * The reconcile benchmarks' table {@code big}: the same N rows on a MariaDB primary and a PostgreSQL
 * secondary (text, decimal, timestamp, tinyint(1)/boolean, nullable text), then {@value #PLANTED}
 * differences planted in the secondary (50 changed balances, 25 rows missing, 25 extra), and undone.
 */
final class ReconcileTable {

    /** The columns of {@code big} after its key. */
    static final String COLUMNS = "email, balance, created_at, active, note";

    /** The differences {@link #create} plants. */
    static final int PLANTED = 100;

    private ReconcileTable() {}

    /** Makes {@code big} on both sides with ids 1 to {@code rows} and plants {@value #PLANTED} differences. */
    static void create(DataSource primary, DataSource secondary, long rows) throws Exception {
        CompletableFuture<Void> seedPrimary = CompletableFuture.runAsync(() -> seed(primary, rows, true));
        CompletableFuture<Void> seedSecondary = CompletableFuture.runAsync(() -> seed(secondary, rows, false));
        seedPrimary.join();
        seedSecondary.join();
        plant(secondary, rows);
        settle(primary, "ANALYZE TABLE big");
        // Rows read for the first time since they were written cost PostgreSQL extra work (hint bits):
        // done here, so that the first run pays no more than the others.
        settle(secondary, "VACUUM ANALYZE big");
    }

    private static void seed(DataSource dataSource, long rows, boolean mysql) {
        try (Connection connection = dataSource.getConnection();
                Statement ddl = connection.createStatement()) {
            ddl.execute(
                    mysql
                            ? "CREATE TABLE big (id BIGINT PRIMARY KEY, email VARCHAR(100), balance DECIMAL(12,2), created_at DATETIME(6), active TINYINT(1), note VARCHAR(50))"
                            : "CREATE TABLE big (id BIGINT PRIMARY KEY, email TEXT, balance NUMERIC(12,2), created_at TIMESTAMP(6), active BOOLEAN, note TEXT)");
            connection.setAutoCommit(false);
            int chunk = 1_000;
            StringBuilder sql = new StringBuilder("INSERT INTO big (id, " + COLUMNS + ") VALUES ");
            for (int i = 0; i < chunk; i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?)");
            }
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                for (long first = 1; first <= rows; first += chunk) {
                    int p = 1;
                    for (long id = first; id < first + chunk; id++) {
                        long row = id;
                        insert.setLong(p++, row);
                        insert.setString(p++, "user" + row + "@example.com");
                        insert.setBigDecimal(p++, java.math.BigDecimal.valueOf(row % 100_000, 2));
                        insert.setObject(
                                p++,
                                java.time.LocalDateTime.of(2026, 1, 1, 0, 0)
                                        .plusNanos(row * 1_000_001L % 86_400_000_000_000L / 1000 * 1000));
                        insert.setBoolean(p++, row % 2 == 0);
                        insert.setString(p++, row % 10 == 0 ? null : "note " + row);
                    }
                    insert.executeUpdate();
                    if ((first / chunk) % 50 == 0) {
                        connection.commit();
                    }
                }
            }
            connection.commit();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** 100 differences in the secondary: 50 changed balances, 25 rows missing, 25 extra. */
    private static void plant(DataSource secondary, long rows) throws Exception {
        try (Connection connection = secondary.getConnection();
                Statement statement = connection.createStatement()) {
            for (int i = 1; i <= 50; i++) {
                statement.execute("UPDATE big SET balance = balance + 1 WHERE id = " + (rows / 51 * i));
            }
            for (int i = 1; i <= 25; i++) {
                statement.execute("DELETE FROM big WHERE id = " + (rows / 26 * i + 1));
                statement.execute("INSERT INTO big (id, email) VALUES (" + (rows + 1_000 + i) + ", 'extra')");
            }
        }
    }

    /** Undoes {@link #create}'s differences: the secondary holds the primary's rows again. */
    static void unplant(DataSource primary, DataSource secondary, long rows) throws Exception {
        try (Connection connection = secondary.getConnection();
                Statement statement = connection.createStatement()) {
            for (int i = 1; i <= 50; i++) {
                statement.execute("UPDATE big SET balance = balance - 1 WHERE id = " + (rows / 51 * i));
            }
            for (int i = 1; i <= 25; i++) {
                statement.execute("DELETE FROM big WHERE id = " + (rows + 1_000 + i));
            }
        }
        try (Connection from = primary.getConnection();
                PreparedStatement select = from.prepareStatement("SELECT id, " + COLUMNS + " FROM big WHERE id = ?");
                Connection to = secondary.getConnection();
                PreparedStatement insert =
                        to.prepareStatement("INSERT INTO big (id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= 25; i++) {
                select.setLong(1, rows / 26 * i + 1);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("Row " + (rows / 26 * i + 1) + " is missing on the primary");
                    }
                    insert.setLong(1, row.getLong(1));
                    insert.setString(2, row.getString(2));
                    insert.setBigDecimal(3, row.getBigDecimal(3));
                    insert.setObject(4, row.getObject(4, java.time.LocalDateTime.class));
                    insert.setBoolean(5, row.getBoolean(5));
                    insert.setString(6, row.getString(6));
                    insert.executeUpdate();
                }
            }
        }
        settle(secondary, "VACUUM ANALYZE big");
    }

    /** The test pools give up after 2 s; a first connection to a server just started on a busy machine may take longer. */
    static void awaitConnection(DataSource dataSource) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return;
            } catch (java.sql.SQLTransientConnectionException e) {
                if (attempt == 15) {
                    throw e;
                }
            }
        }
    }

    private static void settle(DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute(sql);
        }
    }
}
