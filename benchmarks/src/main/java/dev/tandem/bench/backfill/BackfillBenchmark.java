package dev.tandem.bench.backfill;

import dev.tandem.backfill.Backfill;
import dev.tandem.backfill.BackfillOptions;
import dev.tandem.backfill.BackfillResult;
import dev.tandem.backfill.BackfillSides;
import dev.tandem.backfill.BackfillTable;
import dev.tandem.backfill.Checkpoints;
import dev.tandem.bench.peers.Measured;
import dev.tandem.bench.peers.PeakHeap;
import dev.tandem.bench.peers.Pgloader;
import dev.tandem.bench.peers.Server;
import dev.tandem.bench.peers.ShellRun;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.fence.FencedStoreBuilder;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.pace.BusyProbe;
import dev.tandem.testkit.CpuTime;
import dev.tandem.testkit.EmbeddedServices;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Backfill throughput against the tools a user would pick instead, in one run: a MariaDB primary
 * with N rows, an empty PostgreSQL secondary.
 *
 * <ol>
 *   <li>clients into COPY (the raw limit, when {@code mariadb} and {@code psql} are installed): {@code
 *       mariadb --quick --batch} piped into {@code psql}'s {@code COPY big FROM STDIN}; no fence, no
 *       checkpoints, no verification;
 *   <li>pgloader (when installed, Debian package {@code pgloader}): {@code data only}, with 2, 4 and 8
 *       workers; its best is the peer;
 *   <li>backfill: {@link Backfill} with its defaults (verification on) and as many workers as cores;
 *       then alike with the secondary store applying every page row-wise (no COPY), and with the
 *       in-table fence on {@code big.version}: the bulk threshold and the fence measured side by side;
 *   <li>fenced JDBC: the primary streamed with one cursor, blocks of 2,000 rows handed to as many
 *       writer connections as the backfill has workers, each block one transaction advancing
 *       Tandem's fence table (the dialect's own statement) and one multi-row upsert of the winners:
 *       what Tandem's work costs without checkpoints and verification.
 * </ol>
 *
 * The kinds run in turn, {@code rounds} times, then the backfill once without verification. Before
 * each run the secondary is emptied (table, fence, checkpoints); after it the benchmark compares
 * both tables row by row and stops with an error if any row is missing or differs, so no figure is
 * printed for a copy that was wrong. Prints every run, then best and mean rows/s per kind, CPU per
 * 1,000 rows per process (this JVM, the database servers, the peer's own processes), the peak heap
 * of the backfills, and the ratios against the targets of issue 17. Arguments: {@code [rows=2000000]
 * [rounds=2]}.
 */
public final class BackfillBenchmark {

    private static final String DATABASE = "bfbench";
    private static final List<Integer> PGLOADER_WORKERS = List.of(2, 4, 8);

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
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (rows % 1_000 != 0 || rows < 10_000) {
            throw new IllegalArgumentException("rows must be a multiple of 1,000 and at least 10,000, was " + rows);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        int workers = Runtime.getRuntime().availableProcessors();
        DataSource primary = EmbeddedServices.mariaDb().dataSource(DATABASE);
        DataSource secondary = EmbeddedServices.postgres().dataSource(DATABASE);
        BigTable.awaitConnection(primary);
        BigTable.awaitConnection(secondary);
        Server source = Server.of(EmbeddedServices.mariaDb(), DATABASE);
        Server target = Server.of(EmbeddedServices.postgres(), DATABASE);
        boolean clients = ShellRun.available("mariadb") && ShellRun.available("psql");
        boolean pgloader = Pgloader.available();
        System.out.printf(
                "rows=%d rounds=%d cores=%d workers=%d max heap=%d MB; peers: clients into COPY %s, pgloader %s%n",
                rows,
                rounds,
                workers,
                workers,
                Runtime.getRuntime().maxMemory() >> 20,
                clients ? "yes" : "not installed (mariadb-client, postgresql-client)",
                pgloader ? "yes" : "not installed (pgloader)");
        long seedStart = System.nanoTime();
        BigTable.create(primary, secondary, rows);
        System.out.printf("seeded the primary in %.0f s (not part of any figure)%n%n", seconds(seedStart));

        Measured measured = new Measured(rows);
        long peakHeap = 0;
        // Kinds in turn, so that a burst of load from elsewhere on the machine hits one run, not one kind.
        for (int round = 1; round <= rounds; round++) {
            if (clients) {
                measured.add(
                        "clients into COPY",
                        peer(
                                "clients into COPY",
                                primary,
                                secondary,
                                rows,
                                () -> ShellRun.of(
                                        "mariadb | psql COPY",
                                        source.streaming("SELECT id, " + BigTable.COLUMNS + " FROM big ORDER BY id")
                                                + " | " + target.copyingIn("big", "id, " + BigTable.COLUMNS),
                                        environment(source, target),
                                        3_600)));
            }
            if (pgloader) {
                for (int w : PGLOADER_WORKERS) {
                    measured.add(
                            pgloaderKind(w),
                            peer(
                                    pgloaderKind(w),
                                    primary,
                                    secondary,
                                    rows,
                                    () -> Pgloader.copy(source, target, "big", w)));
                }
            }
            for (Apply apply : Apply.values()) {
                PeakHeap.reset();
                measured.add(apply.kind, backfill(primary, secondary, rows, workers, apply, true));
                peakHeap = Math.max(peakHeap, PeakHeap.bytes());
            }
            measured.add("fenced JDBC", fencedJdbc(primary, secondary, rows, workers));
        }
        measured.add("backfill, no verification", backfill(primary, secondary, rows, workers, Apply.DEFAULTS, false));

        measured.printSummary();
        System.out.println();
        if (pgloader) {
            measured.printRatio(
                    "backfill",
                    measured.fastest(PGLOADER_WORKERS.stream()
                            .map(BackfillBenchmark::pgloaderKind)
                            .toList()),
                    1.0);
        }
        if (clients) {
            measured.printRatio("backfill", "clients into COPY", 0.7);
        }
        measured.printRatio("backfill", "fenced JDBC");
        measured.printRatio("backfill", Apply.ROW_WISE.kind);
        measured.printRatio(Apply.IN_TABLE.kind, "backfill");
        measured.printRatio("backfill, no verification", "backfill");
        System.out.printf(
                "peak heap: %d MB during the backfills (sum of the heap pools' peaks, garbage included; max heap %d MB)%n",
                peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static String pgloaderKind(int workers) {
        return "pgloader " + workers + " workers";
    }

    private static Map<String, String> environment(Server source, Server target) {
        Map<String, String> environment = new HashMap<>(source.environment());
        environment.putAll(target.environment());
        return environment;
    }

    /** A copy made outside this JVM. */
    private interface PeerCopy {
        ShellRun run() throws Exception;
    }

    /** Runs a peer's copy into an emptied secondary and checks it. */
    private static Measured.Run peer(String kind, DataSource primary, DataSource secondary, long rows, PeerCopy copy)
            throws Exception {
        BigTable.reset(secondary);
        CpuTime cpuStart = CpuTime.now();
        ShellRun run = copy.run();
        CpuTime cpu = CpuTime.now();
        SameRows.check(kind, primary, secondary, rows);
        return new Measured.Run(
                run.seconds(), cpu.jvmSecondsSince(cpuStart), cpu.serverSecondsSince(cpuStart), run.cpuSeconds());
    }

    /** How the backfill's secondary store applies a page. */
    private enum Apply {
        /** The store's defaults: the fence table, pages from the bulk threshold on by COPY. */
        DEFAULTS("backfill"),
        /** The fence table, every page row-wise (multi-row statements), never COPY. */
        ROW_WISE("backfill, row-wise apply"),
        /** The in-table fence on {@code big.version}: only deletes would leave a fence row. */
        IN_TABLE("backfill, in-table fence");

        final String kind;

        Apply(String kind) {
            this.kind = kind;
        }

        SecondaryStore store(DataSource secondary) {
            FencedStoreBuilder builder = SecondaryStore.fenced(secondary)
                    .fenceTable("tandem_fence")
                    .statementTimeout(Duration.ofSeconds(60));
            return switch (this) {
                case DEFAULTS -> builder.build();
                case ROW_WISE -> builder.bulkThreshold(0).build();
                case IN_TABLE -> builder.inTableFence("big", "version").build();
            };
        }
    }

    private static Measured.Run backfill(
            DataSource primary, DataSource secondary, long rows, int workers, Apply apply, boolean verify)
            throws Exception {
        BigTable.reset(secondary);
        Backfill backfill = new Backfill(
                new BackfillSides(
                        primary,
                        secondary,
                        apply.store(secondary),
                        new Checkpoints(secondary, "tandem_backfill_chunk"),
                        SchemaMapping.NONE),
                BackfillOptions.custom().workers(workers).verify(verify).build(),
                BusyProbe.of(primary));
        CpuTime cpuStart = CpuTime.now();
        long start = System.nanoTime();
        BackfillResult result = backfill.run(List.of(BackfillTable.of("big", "version")));
        double took = seconds(start);
        CpuTime cpu = CpuTime.now();
        if (!result.complete()) {
            throw new IllegalStateException("The backfill did not copy every row: " + result.text());
        }
        SameRows.check(apply.kind, primary, secondary, rows);
        return new Measured.Run(took, cpu.jvmSecondsSince(cpuStart), cpu.serverSecondsSince(cpuStart), 0);
    }

    /** The fenced JDBC limit, into an emptied secondary. */
    private static Measured.Run fencedJdbc(DataSource primary, DataSource secondary, long rows, int writers)
            throws Exception {
        BigTable.reset(secondary);
        return FencedJdbcCopy.run(primary, secondary, rows, writers);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
