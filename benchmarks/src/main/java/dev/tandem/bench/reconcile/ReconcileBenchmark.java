package dev.tandem.bench.reconcile;

import dev.tandem.bench.peers.Measured;
import dev.tandem.bench.peers.PeakHeap;
import dev.tandem.bench.peers.Server;
import dev.tandem.bench.peers.ShellRun;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import dev.tandem.testkit.CpuTime;
import dev.tandem.testkit.EmbeddedServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * The reconciler's full comparison of one table against the raw limits, in one run: a MariaDB
 * primary and a PostgreSQL secondary with the same N rows.
 *
 * <p>Part one, 100 rows made different (50 values, 25 missing, 25 extra):
 *
 * <ol>
 *   <li>client streams (when {@code mariadb} and {@code psql} are installed; the raw limit of issue
 *       17): {@code mariadb --quick} and {@code psql -c "COPY (SELECT … ORDER BY id) TO STDOUT"}, in
 *       parallel, to {@code /dev/null};
 *   <li>JDBC streams: both sides streamed in key order (plain {@code getObject} per column) to
 *       nowhere, in parallel;
 *   <li>reconcile: {@link TableReconciliation} over the same table, settle window 0; it must confirm
 *       exactly the 100 planted differences.
 * </ol>
 *
 * <p>Part two, the differences undone (identical tables): the {@code tandem run} command line in a
 * JVM of its own, from start to report, with its defaults, against the client streams; it must
 * exit 0 (clean and complete). Needs the benchmark started with {@code java -cp} (the class path is
 * handed to the command line's JVM).
 *
 * <p>The kinds alternate, {@code rounds} times, because other builds and benchmarks share the
 * machine; each run is printed with the CPU per 1,000 rows of this JVM, the database servers and
 * the peer's or the command line's processes, then best and mean per kind, the ratios against the
 * targets, and the peak heap during the reconciles. Arguments: {@code [rows=5000000] [rounds=2]}.
 */
public final class ReconcileBenchmark {

    private static final String DATABASE = "bench";
    private static final String CLIENTS = "client streams";

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
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        if (rows % 1_000 != 0 || rows < 100_000) {
            throw new IllegalArgumentException("rows must be a multiple of 1,000 and at least 100,000, was " + rows);
        }
        DataSource primary = EmbeddedServices.mariaDb().dataSource(DATABASE);
        DataSource secondary = EmbeddedServices.postgres().dataSource(DATABASE);
        ReconcileTable.awaitConnection(primary);
        ReconcileTable.awaitConnection(secondary);
        System.out.printf(
                "rows=%d cores=%d max heap=%d MB%n",
                rows,
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        long seedStart = System.nanoTime();
        ReconcileTable.create(primary, secondary, rows);
        System.out.printf("seeded both sides in %.0f s (not part of any figure)%n", seconds(seedStart));

        Server source = Server.of(EmbeddedServices.mariaDb(), DATABASE);
        Server target = Server.of(EmbeddedServices.postgres(), DATABASE);
        boolean clients = ShellRun.available("mariadb") && ShellRun.available("psql");
        System.out.printf(
                "peers: client streams %s%n%n", clients ? "yes" : "not installed (mariadb-client, postgresql-client)");

        // Alternated, so that a burst of load from elsewhere on the machine hits one run, not one kind.
        Measured measured = new Measured(rows);
        long peakHeap = 0;
        TableResult result = null;
        double joinSeconds = 0;
        for (int round = 1; round <= rounds; round++) {
            if (clients) {
                measured.add(CLIENTS, clientStreams(source, target));
            }
            measured.add("JDBC streams", raw(primary, secondary, 2 * rows));
            Reconcile reconcile = reconcile(primary, secondary);
            measured.add("reconcile", reconcile.run());
            peakHeap = Math.max(peakHeap, reconcile.peakHeap());
            if (result == null
                    || reconcile.run().seconds() <= measured.best("reconcile").seconds()) {
                result = reconcile.result();
                joinSeconds = reconcile.joinSeconds();
            }
        }
        measured.printSummary();
        System.out.println();
        if (clients) {
            measured.printRatio("reconcile", CLIENTS, 1 / 1.3);
        }
        measured.printRatio("reconcile", "JDBC streams");
        System.out.printf(
                "found:      %d differences confirmed (%s); the best join reached its end in %.1f s%n",
                result.confirmedTotal(), result.confirmed(), joinSeconds);
        System.out.printf(
                "peak heap:  %d MB during the reconciles (sum of the heap pools' peaks, garbage included; max heap %d MB)%n",
                peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);

        ReconcileTable.unplant(primary, secondary, rows);
        System.out.printf("%nthe differences undone: identical tables; the command line from start to report%n");
        Measured endToEnd = new Measured(rows);
        for (int round = 1; round <= rounds; round++) {
            if (clients) {
                endToEnd.add(CLIENTS, clientStreams(source, target));
            }
            endToEnd.add("tandem run (CLI)", CommandLineRun.reconcile(source, target, "big"));
        }
        endToEnd.printSummary();
        System.out.println();
        if (clients) {
            endToEnd.printRatio("tandem run (CLI)", CLIENTS, 1 / 2.0);
        }
    }

    /** Both sides streamed by the databases' own clients to /dev/null, in parallel. */
    private static Measured.Run clientStreams(Server source, Server target) throws Exception {
        String select = "SELECT id, " + ReconcileTable.COLUMNS + " FROM big ORDER BY id";
        CpuTime cpuStart = CpuTime.now();
        long start = System.nanoTime();
        CompletableFuture<ShellRun> p = CompletableFuture.supplyAsync(() -> shell(source, select));
        CompletableFuture<ShellRun> s = CompletableFuture.supplyAsync(() -> shell(target, select));
        ShellRun primaryRun = p.join();
        ShellRun secondaryRun = s.join();
        double took = seconds(start);
        CpuTime cpu = CpuTime.now();
        return new Measured.Run(
                took,
                cpu.jvmSecondsSince(cpuStart),
                cpu.serverSecondsSince(cpuStart),
                primaryRun.cpuSeconds() + secondaryRun.cpuSeconds());
    }

    private static ShellRun shell(Server server, String select) {
        try {
            return ShellRun.of(
                    server.client() + " stream",
                    server.streaming(select) + " > /dev/null",
                    server.environment(),
                    3_600);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Reconcile(Measured.Run run, double joinSeconds, TableResult result, long peakHeap) {}

    private static Reconcile reconcile(DataSource primary, DataSource secondary) throws Exception {
        PeakHeap.reset();
        CpuTime cpuStart = CpuTime.now();
        long start = System.nanoTime();
        // Told of progress on the comparing thread, last when the join has read both sides to the end.
        long[] joined = {start};
        TableResult result = new TableReconciliation(
                        primary, secondary, Duration.ZERO, 10_000, (table, compared) -> joined[0] = System.nanoTime())
                .run(TableSpec.of("big"));
        double took = seconds(start);
        CpuTime cpu = CpuTime.now();
        if (result.confirmedTotal() != ReconcileTable.PLANTED) {
            throw new IllegalStateException("The reconcile confirmed " + result.confirmedTotal() + " differences ("
                    + result.confirmed() + "), not the " + ReconcileTable.PLANTED + " planted");
        }
        return new Reconcile(
                new Measured.Run(took, cpu.jvmSecondsSince(cpuStart), cpu.serverSecondsSince(cpuStart), 0),
                (joined[0] - start) / 1e9,
                result,
                PeakHeap.bytes());
    }

    /** Streams both sides completely, in parallel. */
    private static Measured.Run raw(DataSource primary, DataSource secondary, long expectedRead) throws Exception {
        CpuTime cpuStart = CpuTime.now();
        long start = System.nanoTime();
        CompletableFuture<Long> p = CompletableFuture.supplyAsync(() -> stream(primary, true));
        CompletableFuture<Long> s = CompletableFuture.supplyAsync(() -> stream(secondary, false));
        long read = p.join() + s.join();
        double took = seconds(start);
        CpuTime cpu = CpuTime.now();
        if (read != expectedRead) {
            throw new IllegalStateException("The JDBC streams read " + read + " rows, not " + expectedRead);
        }
        return new Measured.Run(took, cpu.jvmSecondsSince(cpuStart), cpu.serverSecondsSince(cpuStart), 0);
    }

    private static long stream(DataSource dataSource, boolean mysql) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, " + ReconcileTable.COLUMNS + " FROM big ORDER BY id",
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

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
