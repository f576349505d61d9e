package dev.tandem.bench.reconcile;

import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import dev.tandem.testkit.CpuTime;
import dev.tandem.testkit.EmbeddedServices;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * The reconciler's full comparison of one table against the raw limit, in one run: a MariaDB
 * primary and a PostgreSQL secondary with the same N rows, 100 of them then made different.
 *
 * <ol>
 *   <li>raw: both sides streamed in key order (plain {@code getObject} per column) to nowhere, in parallel;
 *   <li>reconcile: {@link TableReconciliation} over the same table, settle window 0.
 * </ol>
 *
 * Runs raw, reconcile, raw, reconcile, raw, and prints each, then the best of each (other builds
 * and benchmarks share the machine), the ratio (also mean against mean, and of the CPU time the JVM
 * and the database servers spent), the peak heap during the reconciles, and the differences found.
 * Arguments: {@code [rows=5000000]}.
 */
public final class ReconcileBenchmark {

    private static final String COLUMNS = "email, balance, created_at, active, note";

    private ReconcileBenchmark() {}

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            // The embedded servers' threads would keep the JVM alive.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000;
        if (rows % 1_000 != 0 || rows < 100_000) {
            throw new IllegalArgumentException("rows must be a multiple of 1,000 and at least 100,000, was " + rows);
        }
        DataSource primary = EmbeddedServices.mariaDb().dataSource("bench");
        DataSource secondary = EmbeddedServices.postgres().dataSource("bench");
        awaitConnection(primary);
        awaitConnection(secondary);
        System.out.printf(
                "rows=%d cores=%d max heap=%d MB%n",
                rows,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        long seedStart = System.nanoTime();
        CompletableFuture<Void> seedPrimary = CompletableFuture.runAsync(() -> seed(primary, rows, true));
        CompletableFuture<Void> seedSecondary = CompletableFuture.runAsync(() -> seed(secondary, rows, false));
        seedPrimary.join();
        seedSecondary.join();
        plant(secondary, rows);
        settle(primary, "ANALYZE TABLE big");
        // Rows read for the first time since they were written cost PostgreSQL extra work (hint bits):
        // done here, so that the first raw run pays no more than the others.
        settle(secondary, "VACUUM ANALYZE big");
        System.out.printf("seeded both sides in %.0f s (not part of any figure)%n", seconds(seedStart));

        // Alternated, so that a burst of load from elsewhere on the machine hits one run, not one side.
        Run raw1 = raw(primary, secondary);
        Reconcile reconcile1 = reconcile(primary, secondary);
        Run raw2 = raw(primary, secondary);
        Reconcile reconcile2 = reconcile(primary, secondary);
        long peakHeap = Math.max(reconcile1.peakHeap(), reconcile2.peakHeap());
        Run raw3 = raw(primary, secondary);
        double raw = Math.min(raw1.seconds(), Math.min(raw2.seconds(), raw3.seconds()));
        Reconcile best = reconcile1.run().seconds() <= reconcile2.run().seconds() ? reconcile1 : reconcile2;
        double rawMean = (raw1.seconds() + raw2.seconds() + raw3.seconds()) / 3;
        double reconcileMean = (reconcile1.run().seconds() + reconcile2.run().seconds()) / 2;
        double rawCpu = (raw1.cpuSeconds() + raw2.cpuSeconds() + raw3.cpuSeconds()) / 3;
        double reconcileCpu = (reconcile1.run().cpuSeconds() + reconcile2.run().cpuSeconds()) / 2;
        TableResult result = best.result();

        System.out.printf(
                "%nraw limit:  %.1f s (both sides streamed in parallel; the best of %.1f, %.1f and %.1f)%n",
                raw, raw1.seconds(), raw2.seconds(), raw3.seconds());
        System.out.printf(
                "reconcile:  %.1f s for %d rows = %,.0f rows/s, %d differences confirmed (%s; the best of %.1f and %.1f)%n",
                best.run().seconds(),
                result.rowsCompared(),
                result.rowsCompared() / best.run().seconds(),
                result.confirmedTotal(),
                result.confirmed(),
                reconcile1.run().seconds(),
                reconcile2.run().seconds());
        System.out.printf(
                "ratio:      %.2f x the raw limit (target <= 1.30); mean against mean %.2f x;"
                        + " CPU (JVM and database servers) %.2f x%n",
                best.run().seconds() / raw, reconcileMean / rawMean, reconcileCpu / rawCpu);
        System.out.printf(
                "found:      the %d differences in %.1f s (the join to its end; then %.1f s re-checking them)%n",
                result.found(), best.joinSeconds(), best.run().seconds() - best.joinSeconds());
        System.out.printf(
                "peak heap:  %d MB during the reconciles (sum of the heap pools' peaks, garbage included; max heap %d MB)%n",
                peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    /** How long a run took, and the CPU time the JVM and the database servers spent meanwhile. */
    private record Run(double seconds, double cpuSeconds) {}

    private record Reconcile(Run run, double joinSeconds, TableResult result, long peakHeap) {}

    private static Reconcile reconcile(DataSource primary, DataSource secondary) throws Exception {
        resetPeakHeap();
        CpuTime cpuStart = CpuTime.now();
        long start = System.nanoTime();
        // Told of progress on the comparing thread, last when the join has read both sides to the end.
        long[] joined = {start};
        TableResult result = new TableReconciliation(
                        primary, secondary, Duration.ZERO, 10_000, (table, compared) -> joined[0] = System.nanoTime())
                .run(TableSpec.of("big"));
        double took = seconds(start);
        CpuTime cpu = CpuTime.now();
        System.out.printf(
                "reconcile: %d rows compared, %d differences found in %.1f s (CPU: %s)%n",
                result.rowsCompared(), result.found(), took, cpu.since(cpuStart));
        return new Reconcile(
                new Run(took, cpu.secondsSince(cpuStart)), (joined[0] - start) / 1e9, result, peakHeapBytes());
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

    /** The test pools give up after 2 s; a first connection to a server just started on a busy machine may take longer. */
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

    private static void settle(DataSource dataSource, String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute(sql);
        }
    }

    /** Streams both sides completely, in parallel. */
    private static Run raw(DataSource primary, DataSource secondary) throws Exception {
        CpuTime cpuStart = CpuTime.now();
        long start = System.nanoTime();
        CompletableFuture<Long> p = CompletableFuture.supplyAsync(() -> stream(primary, true));
        CompletableFuture<Long> s = CompletableFuture.supplyAsync(() -> stream(secondary, false));
        long read = p.join() + s.join();
        double took = seconds(start);
        CpuTime cpu = CpuTime.now();
        System.out.printf("raw: %d rows read from both sides in %.1f s (CPU: %s)%n", read, took, cpu.since(cpuStart));
        return new Run(took, cpu.secondsSince(cpuStart));
    }

    private static long stream(DataSource dataSource, boolean mysql) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, " + COLUMNS + " FROM big ORDER BY id",
                    ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                select.setFetchSize(mysql ? Integer.MIN_VALUE : 5_000);
                long count = 0;
                long sink = 0;
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        for (int i = 1; i <= 6; i++) {
                            Object value = rows.getObject(i);
                            sink += value == null ? 0 : 1;
                        }
                        count++;
                    }
                }
                connection.rollback();
                return sink >= 0 ? count : -1;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void resetPeakHeap() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
