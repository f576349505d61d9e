package dev.tandem.bench.backfill;

import static dev.tandem.testkit.Jdbc.execute;

import dev.tandem.backfill.Backfill;
import dev.tandem.backfill.BackfillOptions;
import dev.tandem.backfill.BackfillResult;
import dev.tandem.backfill.BackfillTable;
import dev.tandem.backfill.BusyProbe;
import dev.tandem.backfill.Checkpoints;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.fence.FenceMigrations;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.testkit.EmbeddedServices;
import dev.tandem.testkit.Jdbc;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Backfill throughput against the raw limit, in one run: a MariaDB primary with N rows, an empty
 * PostgreSQL secondary.
 *
 * <ol>
 *   <li>raw: the primary streamed in key order with one cursor (plain JDBC, {@code getObject} per
 *       column), blocks of 2,000 rows handed to as many writer connections as the backfill has
 *       workers, each block one transaction: one statement advancing Tandem's fence table (the
 *       dialect's own statement) and one multi-row upsert of the winners. No checkpoints, no
 *       verification, no mapping, no schema checks;
 *   <li>backfill: {@link Backfill} with its defaults (chunks of 20,000 rows, verification on) and as
 *       many workers as cores; and once with verification off, to show what verifying costs.
 * </ol>
 *
 * Between runs the secondary is emptied (table, fence, checkpoints). Runs raw, backfill, raw,
 * backfill, raw, then backfill without verification, and prints each, the best of each kind and the
 * ratios (best against best, mean against mean). Arguments: {@code [rows=2000000]}.
 */
public final class BackfillBenchmark {

    private static final String COLUMNS = "email, balance, created_at, active, note, version";
    private static final int BLOCK = 2_000;

    private BackfillBenchmark() {}

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace(); // the embedded servers' threads would keep the JVM alive
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        if (rows % 1_000 != 0 || rows < 10_000) {
            throw new IllegalArgumentException("rows must be a multiple of 1,000 and at least 10,000, was " + rows);
        }
        int workers = Runtime.getRuntime().availableProcessors();
        DataSource primary = EmbeddedServices.mariaDb().dataSource("bfbench");
        DataSource secondary = EmbeddedServices.postgres().dataSource("bfbench");
        awaitConnection(primary);
        awaitConnection(secondary);
        System.out.printf("rows=%d cores=%d workers=%d%n", rows, workers, workers);
        long seedStart = System.nanoTime();
        seed(primary, rows);
        execute(primary, "ANALYZE TABLE big");
        execute(
                secondary,
                "DROP TABLE IF EXISTS big",
                "CREATE TABLE big (id BIGINT PRIMARY KEY, email TEXT, balance NUMERIC(12,2), created_at TIMESTAMP(6),"
                        + " active BOOLEAN, note TEXT, version BIGINT NOT NULL)");
        System.out.printf("seeded the primary in %.0f s (not part of any figure)%n", seconds(seedStart));

        // Alternated, so that a burst of load from elsewhere on the machine hits one run, not one kind.
        double raw1 = raw(primary, secondary, rows, workers);
        double backfill1 = backfill(primary, secondary, rows, workers, true);
        double raw2 = raw(primary, secondary, rows, workers);
        double backfill2 = backfill(primary, secondary, rows, workers, true);
        double raw3 = raw(primary, secondary, rows, workers);
        double unverified = backfill(primary, secondary, rows, workers, false);

        double rawBest = Math.min(raw1, Math.min(raw2, raw3));
        double backfillBest = Math.min(backfill1, backfill2);
        double rawMean = (raw1 + raw2 + raw3) / 3;
        double backfillMean = (backfill1 + backfill2) / 2;
        System.out.printf(
                "%nraw limit:  %,.0f rows/s (best of %.1f, %.1f, %.1f s)%n", rows / rawBest, raw1, raw2, raw3);
        System.out.printf(
                "backfill:   %,.0f rows/s verified (best of %.1f, %.1f s); %,.0f rows/s without verification (%.1f s)%n",
                rows / backfillBest, backfill1, backfill2, rows / unverified, unverified);
        System.out.printf(
                "ratio:      backfill (verified) / raw = %.2f best against best, %.2f mean against mean;"
                        + " unverified / best raw = %.2f%n",
                rawBest / backfillBest, rawMean / backfillMean, rawBest / unverified);
    }

    private static double backfill(DataSource primary, DataSource secondary, long rows, int workers, boolean verify)
            throws Exception {
        reset(secondary);
        Backfill backfill = new Backfill(
                primary,
                secondary,
                SecondaryStore.of(secondary, "tandem_fence", Duration.ofSeconds(60), SchemaMapping.NONE),
                new Checkpoints(secondary, "tandem_backfill_chunk"),
                SchemaMapping.NONE,
                BackfillOptions.custom().workers(workers).verify(verify).build(),
                BusyProbe.of(primary));
        long start = System.nanoTime();
        BackfillResult result = backfill.run(List.of(BackfillTable.of("big", "version")));
        double took = seconds(start);
        if (!result.complete() || Jdbc.count(secondary, "big") != rows) {
            throw new IllegalStateException("The backfill did not copy every row: " + result.text());
        }
        System.out.printf(
                "backfill%s: %d rows in %.1f s = %,.0f rows/s%n",
                verify ? "" : " (no verification)", rows, took, rows / took);
        return took;
    }

    /** One cursor on the primary feeding {@code writers} connections that fence-upsert blocks into the secondary. */
    private static double raw(DataSource primary, DataSource secondary, long rows, int writers) throws Exception {
        reset(secondary);
        try (Connection connection = secondary.getConnection()) {
            FenceMigrations.of("tandem_fence").migrate(connection);
        }
        long start = System.nanoTime();
        BlockingQueue<List<Object[]>> blocks = new ArrayBlockingQueue<>(writers * 2);
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        List<Future<Long>> written = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            written.add(threads.submit(() -> upsertBlocks(secondary, blocks)));
        }
        try (Connection connection = primary.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, " + COLUMNS + " FROM big ORDER BY id",
                    ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                select.setFetchSize(Integer.MIN_VALUE);
                try (ResultSet result = select.executeQuery()) {
                    List<Object[]> block = new ArrayList<>(BLOCK);
                    while (result.next()) {
                        Object[] row = new Object[7];
                        for (int i = 0; i < 7; i++) {
                            row[i] = result.getObject(i + 1);
                        }
                        block.add(row);
                        if (block.size() == BLOCK) {
                            blocks.put(block);
                            block = new ArrayList<>(BLOCK);
                        }
                    }
                    if (!block.isEmpty()) {
                        blocks.put(block);
                    }
                }
            }
            connection.rollback();
        }
        for (int w = 0; w < writers; w++) {
            blocks.put(List.of());
        }
        long total = 0;
        for (Future<Long> part : written) {
            total += part.get();
        }
        threads.shutdown();
        double took = seconds(start);
        if (total != rows || Jdbc.count(secondary, "big") != rows) {
            throw new IllegalStateException("raw wrote " + total + " rows, not " + rows);
        }
        System.out.printf("raw: %d rows in %.1f s = %,.0f rows/s%n", rows, took, rows / took);
        return took;
    }

    private static long upsertBlocks(DataSource secondary, BlockingQueue<List<Object[]>> blocks) throws Exception {
        long written = 0;
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (Connection connection = secondary.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            connection.setAutoCommit(false);
            while (true) {
                List<Object[]> block = blocks.take();
                if (block.isEmpty()) {
                    return written;
                }
                Map<String, Object[]> byHash = new HashMap<>();
                List<Object[]> winners = new ArrayList<>();
                try (PreparedStatement advance =
                        connection.prepareStatement(dialect.advanceNewerFenceRows("tandem_fence", block.size())
                                .orElseThrow())) {
                    int i = 1;
                    for (Object[] row : block) {
                        String rowKey = "id=" + row[0];
                        byte[] hash = sha256.digest(rowKey.getBytes(StandardCharsets.UTF_8));
                        byHash.put(new String(hash, StandardCharsets.ISO_8859_1), row);
                        advance.setString(i++, "big");
                        advance.setBytes(i++, hash);
                        advance.setString(i++, rowKey);
                        advance.setLong(i++, ((Number) row[6]).longValue());
                        advance.setBoolean(i++, false);
                        advance.setString(i++, UUID.randomUUID().toString());
                    }
                    try (ResultSet won = advance.executeQuery()) {
                        while (won.next()) {
                            winners.add(byHash.get(new String(won.getBytes(1), StandardCharsets.ISO_8859_1)));
                        }
                    }
                }
                try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO big (id, " + COLUMNS
                        + ") VALUES " + placeholders(winners.size())
                        + " ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, balance = EXCLUDED.balance,"
                        + " created_at = EXCLUDED.created_at, active = EXCLUDED.active, note = EXCLUDED.note,"
                        + " version = EXCLUDED.version")) {
                    int i = 1;
                    for (Object[] row : winners) {
                        upsert.setLong(i++, ((Number) row[0]).longValue());
                        upsert.setString(i++, (String) row[1]);
                        upsert.setBigDecimal(i++, (BigDecimal) row[2]);
                        upsert.setObject(i++, row[3]);
                        upsert.setBoolean(i++, toBoolean(row[4]));
                        upsert.setString(i++, (String) row[5]);
                        upsert.setLong(i++, ((Number) row[6]).longValue());
                    }
                    upsert.executeUpdate();
                }
                connection.commit();
                written += winners.size();
            }
        }
    }

    private static boolean toBoolean(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }

    private static String placeholders(int rows) {
        StringBuilder sql = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.toString();
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

    /** Empties the secondary: rows, fence, checkpoints; vacuumed so that every run starts alike. */
    private static void reset(DataSource secondary) throws Exception {
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
    private static void awaitConnection(DataSource dataSource) throws Exception {
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

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
