package dev.tandem.bench.backfill;

import static dev.tandem.testkit.Jdbc.execute;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLTransientConnectionException;
import java.time.LocalDateTime;
import javax.sql.DataSource;

/**
 * The backfill benchmarks' table {@code big}: the primary's rows (text, decimal, timestamp,
 * tinyint(1), nullable text, version), the secondary's empty copy, and the reset to an empty
 * secondary (table, fence, checkpoints) before every run. {@link SameRows} checks a copy of it.
 */
final class BigTable {

    /** The columns of {@code big} after its key. */
    static final String COLUMNS = "email, balance, created_at, active, note, version";

    private BigTable() {}

    /** Makes {@code big} on the primary with ids 1 to {@code rows}, and an empty {@code big} on the secondary. */
    static void create(DataSource primary, DataSource secondary, long rows) throws Exception {
        seed(primary, rows);
        execute(primary, "ANALYZE TABLE big");
        execute(
                secondary,
                "DROP TABLE IF EXISTS big",
                "CREATE TABLE big (id BIGINT PRIMARY KEY, email TEXT, balance NUMERIC(12,2), created_at TIMESTAMP(6),"
                        + " active BOOLEAN, note TEXT, version BIGINT NOT NULL)");
    }

    /** Empties the secondary: rows, fence, checkpoints; vacuumed so that every run starts alike. */
    static void reset(DataSource secondary) throws Exception {
        execute(
                secondary,
                "TRUNCATE big",
                "DROP TABLE IF EXISTS tandem_fence",
                "DROP TABLE IF EXISTS tandem_fence_schema_history",
                "DROP TABLE IF EXISTS tandem_backfill_chunk",
                "DROP TABLE IF EXISTS tandem_backfill_chunk_deferred",
                "DROP TABLE IF EXISTS tandem_backfill_chunk_schema_history");
        execute(secondary, "VACUUM ANALYZE big");
    }

    /** The test pools give up after 2 s; a first connection to a server just started may take longer. */
    static void awaitConnection(DataSource dataSource) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return;
            } catch (SQLTransientConnectionException e) {
                if (attempt == 15) {
                    throw e;
                }
            }
        }
    }

    private static void seed(DataSource primary, long rows) throws Exception {
        execute(
                primary,
                "DROP TABLE IF EXISTS big",
                "CREATE TABLE big (id BIGINT PRIMARY KEY, email VARCHAR(100), balance DECIMAL(12,2),"
                        + " created_at DATETIME(6), active TINYINT(1), note VARCHAR(50), version BIGINT NOT NULL)");
        try (Connection connection = primary.getConnection()) {
            connection.setAutoCommit(false);
            int chunk = 1_000;
            StringBuilder sql = new StringBuilder("INSERT INTO big (id, " + COLUMNS + ") VALUES ");
            for (int i = 0; i < chunk; i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
            }
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                for (long first = 1; first <= rows; first += chunk) {
                    int p = 1;
                    for (long id = first; id < first + chunk; id++) {
                        insert.setLong(p++, id);
                        insert.setString(p++, "user" + id + "@example.com");
                        insert.setBigDecimal(p++, BigDecimal.valueOf(id % 100_000, 2));
                        insert.setObject(
                                p++,
                                LocalDateTime.of(2026, 1, 1, 0, 0)
                                        .plusNanos(id * 1_000_001L % 86_400_000_000_000L / 1000 * 1000));
                        insert.setBoolean(p++, id % 2 == 0);
                        insert.setString(p++, id % 10 == 0 ? null : "note " + id);
                        insert.setLong(p++, 1 + id % 5);
                    }
                    insert.executeUpdate();
                    if ((first / chunk) % 50 == 0) {
                        connection.commit();
                    }
                }
            }
            connection.commit();
        }
    }
}
