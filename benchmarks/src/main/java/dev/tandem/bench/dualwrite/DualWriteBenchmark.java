package dev.tandem.bench.dualwrite;

import static dev.tandem.testkit.Jdbc.execute;

import dev.tandem.core.HandOffReason;
import dev.tandem.core.SecondaryStore;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterConfig;
import dev.tandem.dualwrite.RetryHandOff;
import dev.tandem.dualwrite.WriteMode;
import dev.tandem.dualwrite.kafka.KafkaRetryConfig;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.dualwrite.outbox.Outbox;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedPostgreSql;
import dev.tandem.testkit.EmbeddedServices;
import dev.tandem.testkit.Jdbc;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Throughput, latency and CPU of writes as the application sees them (each write one primary
 * transaction: insert, commit, then what dual writing adds), in one run, each dual-write mode
 * against primary-only writes measured in the same round: a MariaDB primary, a PostgreSQL secondary
 * and a Kafka retry topic, all embedded.
 *
 * <p>The fair layout of issue 19, when the benchmark is started with {@code java -cp} on two or more
 * cores with {@code taskset}: the broker runs in a JVM of its own ({@link BrokerProcess}); this JVM
 * and MariaDB are pinned to core 0, PostgreSQL and the broker to core 1 ({@link CoreLayout}). Each
 * mode's CPU per write is then read per process: this JVM's (the application and the library: the
 * caller threads' own share, and the rest, e.g. the async writer, the producer's I/O thread, GC), the
 * broker JVM's. Otherwise the broker shares this JVM, and its CPU is in the application's.
 *
 * <p>Two phases: saturation (every caller writes as fast as it can), then a fixed rate (writes
 * scheduled at {@code rate} per second over all callers, latency from each write's scheduled start,
 * so that a stall is counted for every write it delays). Each mode checks its own work ({@link
 * Mode#problem}) before a figure of it is printed. Arguments: operations per mode (default 20000),
 * caller threads (default 4), rounds (default 4), fixed rate in writes/s (default 1000; 0 skips it).
 */
public final class DualWriteBenchmark {

    /** Writes with the secondary stopped that open the breaker before a breaker-open mode is measured. */
    private static final int BREAKER_OPENING_WRITES = 50;

    private static final String SECONDARY_DATABASE = "bench_secondary";

    private final DataSource primary;
    private final DataSource secondary;
    /** The retry topic's hand-off, counted: a mode that should apply directly must hand off nothing. */
    private final CountingHandOff handOff;

    private final int threads;
    /** The caller threads, and what their writes cost. */
    private final WriteLoad load;
    /** Whether the processes are pinned to cores ({@link CoreLayout}). */
    private final boolean pinned;

    private DualWriteBenchmark(
            DataSource primary,
            DataSource secondary,
            CountingHandOff handOff,
            int threads,
            ForkedBroker broker,
            boolean pinned) {
        this.primary = primary;
        this.secondary = secondary;
        this.handOff = handOff;
        this.threads = threads;
        this.load = new WriteLoad(primary, threads, broker);
        this.pinned = pinned;
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error e) {
            // Broker and pool threads would keep the JVM alive: a run that did not do its work exits 1.
            System.err.println("Benchmark failed, no figure is valid: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int ops = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        if (ops < threads || threads < 1 || rounds < 1 || rate < 0) {
            throw new IllegalArgumentException("Arguments: operations per mode (>= threads), caller threads (>= 1),"
                    + " rounds (>= 1), fixed rate in writes/s (>= 0); got " + String.join(" ", args));
        }
        String table = "CREATE TABLE payments (id BIGINT PRIMARY KEY, amount DECIMAL(12,2) NOT NULL,"
                + " note VARCHAR(64) NOT NULL, version BIGINT NOT NULL)";
        DataSource primary = EmbeddedServices.mariaDb().dataSource("bench_primary");
        EmbeddedPostgreSql postgres = EmbeddedServices.postgres();
        DataSource secondary = postgres.dataSource(SECONDARY_DATABASE);
        for (DataSource db : List.of(primary, secondary)) {
            execute(db, "DROP TABLE IF EXISTS payments", table);
        }
        execute(secondary, "DROP TABLE IF EXISTS tandem_fence");
        int cores = Runtime.getRuntime().availableProcessors(); // before pinning, which leaves this JVM one
        ForkedBroker broker = null;
        String bootstrapServers;
        String layout;
        boolean pinned = false;
        if (ForkedBroker.possible()) {
            broker = ForkedBroker.start("tandem.retry.bench", 3);
            bootstrapServers = broker.bootstrapServers();
            pinned = CoreLayout.possible();
            layout = pinned
                    ? CoreLayout.pin(broker.handle())
                    : "broker in a JVM of its own; not pinned (needs taskset and 2 cores)";
        } else {
            EmbeddedKafka kafka = EmbeddedServices.kafka();
            kafka.createTopic("tandem.retry.bench", 3);
            bootstrapServers = kafka.bootstrapServers();
            layout =
                    "broker in this JVM (start with java -cp for the fair layout): its CPU counts as the application's";
        }
        KafkaRetryHandOff retry = KafkaRetryHandOff.create(KafkaRetryConfig.custom(bootstrapServers)
                .topic("tandem.retry.bench")
                .spoolDirectory(Path.of("target", "bench-spool"))
                .build());
        SecondaryStore store = SecondaryStore.of(secondary, "tandem_fence", Duration.ofSeconds(5));
        DualWriteBenchmark bench =
                new DualWriteBenchmark(primary, secondary, new CountingHandOff(retry), threads, broker, pinned);

        System.out.printf(
                Locale.ROOT,
                "Dual-write benchmark: %d writes per mode, %d caller threads, %d cores on the machine, %d rounds"
                        + " after one warm-up round%n",
                ops,
                threads,
                cores,
                rounds);
        System.out.printf(Locale.ROOT, "Layout: %s%n", layout);
        List<Mode> modes = List.of(Mode.values());
        bench.round(modes, ops / 2, store, retry, postgres, false, 0);
        Map<Mode, List<Double>> throughputRatios = new EnumMap<>(Mode.class);
        Map<Mode, List<Double>> p50Ratios = new EnumMap<>(Mode.class);
        Map<Mode, List<Double>> cpuRatios = new EnumMap<>(Mode.class);
        for (int round = 1; round <= rounds; round++) {
            // Rotate the order so that no mode always runs first or last in a round.
            List<Mode> order = new ArrayList<>(modes);
            Collections.rotate(order, round - 1);
            Figures.printHeader(round, order);
            Map<Mode, Figures> results = bench.round(order, ops, store, retry, postgres, true, 0);
            Figures baseline = results.get(Mode.PRIMARY_ONLY);
            for (Mode mode : modes) {
                Figures r = results.get(mode);
                r.print(mode.label, baseline);
                throughputRatios
                        .computeIfAbsent(mode, m -> new ArrayList<>())
                        .add(r.writesPerSecond() / baseline.writesPerSecond());
                p50Ratios
                        .computeIfAbsent(mode, m -> new ArrayList<>())
                        .add((double) r.p50Micros() / baseline.p50Micros());
                cpuRatios.computeIfAbsent(mode, m -> new ArrayList<>()).add(r.appCpuMicros() / baseline.appCpuMicros());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nMedian over %d rounds, as a ratio to primary-only writes of the same round%n%-28s %14s %10s %10s%n",
                rounds,
                "mode",
                "throughput ×",
                "p50 ×",
                "app CPU ×");
        for (Mode mode : modes) {
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %14.2f %10.2f %10.2f%n",
                    mode.label,
                    Figures.median(throughputRatios.get(mode)),
                    Figures.median(p50Ratios.get(mode)),
                    Figures.median(cpuRatios.get(mode)));
        }
        if (rate > 0) {
            bench.fixedRate(rate, ops, rounds, store, retry, postgres);
        }
        retry.close();
        if (broker != null) {
            broker.close();
        }
    }

    /** The modes of the fixed-rate phase: the baseline and the ones issue 19 sets latency targets for. */
    private static final List<Mode> FIXED_RATE_MODES =
            List.of(Mode.PRIMARY_ONLY, Mode.ASYNC, Mode.ASYNC_NO_LINGER, Mode.BREAKER_OPEN, Mode.CRASH_SAFE);

    /** The fixed-rate phase: p50, p99 and p999 from each write's scheduled start, as ratios to primary-only's. */
    private void fixedRate(
            int rate, int ops, int rounds, SecondaryStore store, KafkaRetryHandOff retry, EmbeddedPostgreSql postgres)
            throws Exception {
        System.out.printf(
                Locale.ROOT,
                "%nFixed rate: %d writes/s over %d callers, %d writes per mode, latency from each write's scheduled start%n",
                rate,
                threads,
                ops);
        Map<Mode, List<double[]>> ratios = new EnumMap<>(Mode.class);
        for (int round = 1; round <= rounds; round++) {
            List<Mode> order = new ArrayList<>(FIXED_RATE_MODES);
            Collections.rotate(order, round - 1);
            Map<Mode, Figures> results = round(order, ops, store, retry, postgres, false, rate);
            Figures baseline = results.get(Mode.PRIMARY_ONLY);
            Figures.printHeader(round, order);
            for (Mode mode : FIXED_RATE_MODES) {
                Figures r = results.get(mode);
                r.print(mode.label, baseline);
                ratios.computeIfAbsent(mode, m -> new ArrayList<>()).add(new double[] {
                    (double) r.p50Micros() / baseline.p50Micros(),
                    (double) r.p99Micros() / baseline.p99Micros(),
                    (double) r.p999Micros() / baseline.p999Micros(),
                    r.appCpuMicros() / baseline.appCpuMicros()
                });
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nFixed rate, median over %d rounds, as a ratio to primary-only writes of the same round%n"
                        + "%-28s %8s %8s %8s %10s%n",
                rounds,
                "mode",
                "p50 ×",
                "p99 ×",
                "p999 ×",
                "app CPU ×");
        for (Mode mode : FIXED_RATE_MODES) {
            List<double[]> r = ratios.get(mode);
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %8.2f %8.2f %8.2f %10.2f%n",
                    mode.label,
                    Figures.median(r.stream().map(x -> x[0]).toList()),
                    Figures.median(r.stream().map(x -> x[1]).toList()),
                    Figures.median(r.stream().map(x -> x[2]).toList()),
                    Figures.median(r.stream().map(x -> x[3]).toList()));
        }
    }

    /** Measures each of {@code modes} once, in that order; {@code rate} writes/s, or as fast as they go (0). */
    private Map<Mode, Figures> round(
            List<Mode> modes,
            int ops,
            SecondaryStore store,
            KafkaRetryHandOff retry,
            EmbeddedPostgreSql postgres,
            boolean verbose,
            int rate)
            throws Exception {
        Map<Mode, Figures> results = new EnumMap<>(Mode.class);
        for (Mode mode : modes) {
            long secondaryBefore = mode.secondaryReachable() ? Jdbc.count(secondary, "payments") : -1;
            handOff.takeCounts();
            CountingHandOff discarding = new CountingHandOff((m, reason, cause) -> {});
            switch (mode) {
                case PRIMARY_ONLY -> results.put(mode, load.measure(ops, m -> {}, null, rate));
                case ASYNC, ASYNC_NO_LINGER -> {
                    DualWriter async = DualWriter.of(
                            store,
                            handOff,
                            mode == Mode.ASYNC ? config(WriteMode.ASYNC) : config(WriteMode.ASYNC, Duration.ZERO));
                    results.put(mode, load.measure(ops, async::write, null, rate));
                    long drainStart = System.nanoTime();
                    async.close();
                    if (verbose) {
                        System.out.printf(
                                Locale.ROOT,
                                "  (async queue drained %.0f ms after the last write)%n",
                                (System.nanoTime() - drainStart) / 1e6);
                    }
                }
                case INLINE -> {
                    try (DualWriter inline = DualWriter.of(store, handOff, config(WriteMode.INLINE))) {
                        results.put(mode, load.measure(ops, inline::write, null, rate));
                    }
                }
                case CRASH_SAFE, OUTBOX_ONLY -> {
                    DualWriter async = mode == Mode.CRASH_SAFE
                            ? DualWriter.of(store, handOff, config(WriteMode.ASYNC))
                            : new DoneAtOnce();
                    // The relay stays out of the way: the measured path is outbox insert, commit, apply, delete.
                    Outbox outbox = new Outbox(
                            primary,
                            Outbox.DEFAULT_TABLE,
                            Duration.ofHours(1),
                            Duration.ofMinutes(1),
                            500,
                            m -> retry.publishAcknowledged(m, HandOffReason.OUTBOX_RELAY, new IllegalStateException()));
                    try {
                        results.put(mode, load.measure(ops, m -> {}, new WriteLoad.CrashSafe(outbox, async), rate));
                    } finally {
                        async.close();
                        outbox.close();
                    }
                }
                case BREAKER_OPEN, BREAKER_OPEN_NO_KAFKA -> {
                    // On a pool that gives up on a stopped server within seconds, so that the writes
                    // opening the breaker do not each wait out the usual pool's 30 s.
                    SecondaryStore failing = SecondaryStore.of(
                            postgres.outageDataSource(SECONDARY_DATABASE), "tandem_fence", Duration.ofSeconds(5));
                    postgres.stop();
                    RetryHandOff sink = mode == Mode.BREAKER_OPEN ? handOff : discarding;
                    try (DualWriter open = DualWriter.of(failing, sink, config(WriteMode.INLINE))) {
                        load.measure(
                                BREAKER_OPENING_WRITES, open::write, null, 0); // the failures that open the breaker
                        if (!open.isCircuitOpen()) {
                            throw new IllegalStateException(
                                    "The circuit breaker did not open with the secondary stopped");
                        }
                        results.put(mode, load.measure(ops, open::write, null, rate));
                        retry.flush();
                    } finally {
                        postgres.start();
                        if (pinned) {
                            CoreLayout.repinSecondary();
                        }
                    }
                }
            }
            check(mode, ops, secondaryBefore, mode == Mode.BREAKER_OPEN_NO_KAFKA ? discarding : handOff, verbose);
        }
        return results;
    }

    /**
     * Checks that the mode did the work it claims before any figure of it is printed: every write of
     * a direct mode is on the secondary and none was handed off (a failing apply would open the breaker
     * and measure hand-offs instead); every write of a breaker-open mode was handed off.
     */
    private void check(Mode mode, int ops, long secondaryBefore, CountingHandOff handedOff, boolean verbose)
            throws SQLException {
        long writes = (long) (ops / threads) * threads;
        Map<HandOffReason, Long> handOffs = handedOff.takeCounts();
        long handedOffTotal =
                handOffs.values().stream().mapToLong(Long::longValue).sum();
        long applied = mode.secondaryReachable() ? Jdbc.count(secondary, "payments") - secondaryBefore : 0;
        long opening = (long) (BREAKER_OPENING_WRITES / threads) * threads;
        String problem = mode.problem(writes, opening, applied, handedOffTotal, handOffs);
        if (problem != null) {
            throw new IllegalStateException("Mode '" + mode.label + "' did not do its work: " + problem);
        }
        if (verbose) {
            System.out.printf(
                    Locale.ROOT,
                    "  (checked %s: %d writes, %d new rows on the secondary, hand-offs %s)%n",
                    mode.label,
                    writes,
                    applied,
                    handOffs);
        }
    }

    private static DualWriterConfig config(WriteMode mode) {
        return config(mode, DualWriterConfig.DEFAULT_ASYNC_LINGER);
    }

    private static DualWriterConfig config(WriteMode mode, Duration asyncLinger) {
        return DualWriterConfig.custom()
                .mode(mode)
                .asyncLinger(asyncLinger)
                .asyncQueueCapacity(100_000)
                .waitInOpenState(Duration.ofMinutes(10))
                .build();
    }
}
