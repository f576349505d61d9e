package dev.tandem.bench.dualwrite;

import static dev.tandem.testkit.Jdbc.execute;

import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;
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
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Throughput and latency of writes as the application sees them (each write one primary transaction:
 * insert, commit, then what dual writing adds), in one run, each dual-write mode
 * against primary-only writes measured in the same round: a MariaDB primary, a PostgreSQL secondary
 * and a Kafka retry topic, all embedded. Arguments: operations per mode (default 20000), caller
 * threads (default 4), rounds (default 4).
 */
public final class DualWriteBenchmark {

    private static final AtomicLong ids = new AtomicLong();
    /** Writes with the secondary stopped that open the breaker before a breaker-open mode is measured. */
    private static final int BREAKER_OPENING_WRITES = 50;

    private final DataSource primary;
    private final DataSource secondary;
    /** The retry topic's hand-off, counted: a mode that should apply directly must hand off nothing. */
    private final CountingHandOff handOff;

    private final int threads;

    private DualWriteBenchmark(DataSource primary, DataSource secondary, CountingHandOff handOff, int threads) {
        this.primary = primary;
        this.secondary = secondary;
        this.handOff = handOff;
        this.threads = threads;
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
        String table = "CREATE TABLE payments (id BIGINT PRIMARY KEY, amount DECIMAL(12,2) NOT NULL,"
                + " note VARCHAR(64) NOT NULL, version BIGINT NOT NULL)";
        DataSource primary = EmbeddedServices.mariaDb().dataSource("bench_primary");
        EmbeddedPostgreSql postgres = EmbeddedServices.postgres();
        DataSource secondary = postgres.dataSource("bench_secondary");
        for (DataSource db : List.of(primary, secondary)) {
            execute(db, "DROP TABLE IF EXISTS payments", table);
        }
        execute(secondary, "DROP TABLE IF EXISTS tandem_fence");
        EmbeddedKafka kafka = EmbeddedServices.kafka();
        kafka.createTopic("tandem.retry.bench", 3);
        KafkaRetryHandOff retry = KafkaRetryHandOff.create(KafkaRetryConfig.custom(kafka.bootstrapServers())
                .topic("tandem.retry.bench")
                .spoolDirectory(Path.of("target", "bench-spool"))
                .build());
        SecondaryStore store = SecondaryStore.of(secondary, "tandem_fence", Duration.ofSeconds(5));
        DualWriteBenchmark bench = new DualWriteBenchmark(primary, secondary, new CountingHandOff(retry), threads);

        System.out.printf(
                Locale.ROOT,
                "Dual-write benchmark: %d writes per mode, %d caller threads, %d cores, %d rounds"
                        + " after one warm-up round%n",
                ops,
                threads,
                Runtime.getRuntime().availableProcessors(),
                rounds);
        List<Mode> modes = List.of(Mode.values());
        bench.round(modes, ops / 2, store, retry, postgres, false);
        Map<Mode, List<Double>> throughputRatios = new EnumMap<>(Mode.class);
        Map<Mode, List<Double>> p50Ratios = new EnumMap<>(Mode.class);
        for (int round = 1; round <= rounds; round++) {
            // Rotate the order so that no mode always runs first or last in a round.
            List<Mode> order = new ArrayList<>(modes);
            Collections.rotate(order, round - 1);
            System.out.printf(
                    Locale.ROOT,
                    "%nRound %d (order %s)%n%-28s %10s %10s %10s %14s %10s%n",
                    round,
                    order,
                    "mode",
                    "writes/s",
                    "p50 µs",
                    "p99 µs",
                    "throughput ×",
                    "p50 ×");
            Map<Mode, Result> results = bench.round(order, ops, store, retry, postgres, true);
            Result baseline = results.get(Mode.PRIMARY_ONLY);
            for (Mode mode : modes) {
                Result r = results.get(mode);
                print(mode.label, r, baseline);
                throughputRatios
                        .computeIfAbsent(mode, m -> new ArrayList<>())
                        .add(r.writesPerSecond() / baseline.writesPerSecond());
                p50Ratios
                        .computeIfAbsent(mode, m -> new ArrayList<>())
                        .add((double) r.p50Micros() / baseline.p50Micros());
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nMedian over %d rounds, as a ratio to primary-only writes of the same round%n%-28s %14s %10s%n",
                rounds,
                "mode",
                "throughput ×",
                "p50 ×");
        for (Mode mode : modes) {
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %14.2f %10.2f%n",
                    mode.label,
                    median(throughputRatios.get(mode)),
                    median(p50Ratios.get(mode)));
        }
        retry.close();
    }

    /** Measures each of {@code modes} once, in that order. */
    private Map<Mode, Result> round(
            List<Mode> modes,
            int ops,
            SecondaryStore store,
            KafkaRetryHandOff retry,
            EmbeddedPostgreSql postgres,
            boolean verbose)
            throws Exception {
        Map<Mode, Result> results = new EnumMap<>(Mode.class);
        for (Mode mode : modes) {
            long secondaryBefore = mode.secondaryReachable() ? Jdbc.count(secondary, "payments") : -1;
            handOff.takeCounts();
            CountingHandOff discarding = new CountingHandOff((m, reason, cause) -> {});
            switch (mode) {
                case PRIMARY_ONLY -> results.put(mode, measure(ops, m -> {}));
                case ASYNC -> {
                    DualWriter async = DualWriter.of(store, handOff, config(WriteMode.ASYNC));
                    results.put(mode, measure(ops, async::write));
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
                        results.put(mode, measure(ops, inline::write));
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
                        results.put(mode, measure(ops, m -> {}, new CrashSafe(outbox, async)));
                    } finally {
                        async.close();
                        outbox.close();
                    }
                }
                case BREAKER_OPEN, BREAKER_OPEN_NO_KAFKA -> {
                    postgres.stop();
                    RetryHandOff sink = mode == Mode.BREAKER_OPEN ? handOff : discarding;
                    try (DualWriter open = DualWriter.of(store, sink, config(WriteMode.INLINE))) {
                        measure(BREAKER_OPENING_WRITES, open::write); // the failures that open the breaker
                        if (!open.isCircuitOpen()) {
                            throw new IllegalStateException(
                                    "The circuit breaker did not open with the secondary stopped");
                        }
                        results.put(mode, measure(ops, open::write));
                        retry.flush();
                    } finally {
                        postgres.start();
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

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static DualWriterConfig config(WriteMode mode) {
        return DualWriterConfig.custom()
                .mode(mode)
                .asyncQueueCapacity(100_000)
                .waitInOpenState(Duration.ofMinutes(10))
                .build();
    }

    private record Result(double writesPerSecond, long p50Micros, long p99Micros) {}

    /** {@code ops} primary writes by the caller threads, each followed by {@code afterCommit} of its mutation. */
    private Result measure(int ops, Consumer<Mutation> afterCommit) throws Exception {
        return measure(ops, afterCommit, null);
    }

    private Result measure(int ops, Consumer<Mutation> afterCommit, CrashSafe crashSafe) throws Exception {
        int perThread = ops / threads;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                futures.add(callers.submit(() -> callerLoop(perThread, afterCommit, crashSafe)));
            }
            long[] latencies = new long[perThread * threads];
            int offset = 0;
            for (Future<long[]> future : futures) {
                long[] part = future.get();
                System.arraycopy(part, 0, latencies, offset, part.length);
                offset += part.length;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            return new Result(
                    latencies.length / seconds,
                    latencies[latencies.length / 2] / 1000,
                    latencies[(int) (latencies.length * 0.99)] / 1000);
        } finally {
            callers.shutdown();
        }
    }

    private long[] callerLoop(int count, Consumer<Mutation> afterCommit, CrashSafe crashSafe) throws SQLException {
        long[] latencies = new long[count];
        try (Connection c = primary.getConnection();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO payments (id, amount, note, version) VALUES (?, ?, ?, 0)")) {
            // Each write is its own transaction, as a JPA or Spring service writes.
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                long id = ids.incrementAndGet();
                BigDecimal amount = BigDecimal.valueOf(id % 100_000, 2);
                String note = "payment " + id;
                long start = System.nanoTime();
                insert.setLong(1, id);
                insert.setBigDecimal(2, amount);
                insert.setString(3, note);
                insert.executeUpdate();
                Mutation mutation = Mutation.upsert("payments")
                        .key("id", id)
                        .version(0)
                        .column("amount", amount)
                        .column("note", note)
                        .column("version", 0L)
                        .build();
                if (crashSafe == null) {
                    c.commit();
                    afterCommit.accept(mutation);
                } else {
                    // The outbox row is written in the primary transaction; the apply follows the commit.
                    long seq = crashSafe.outbox().append(c, mutation, false);
                    c.commit();
                    crashSafe.writer().write(mutation, () -> crashSafe.outbox().done(seq));
                }
                latencies[i] = System.nanoTime() - start;
            }
            c.setAutoCommit(true);
        }
        return latencies;
    }

    /** Crash-safe mode's two parts, for the caller loop. */
    private record CrashSafe(Outbox outbox, DualWriter writer) {}

    private static void print(String mode, Result result, Result baseline) {
        System.out.printf(
                Locale.ROOT,
                "%-28s %10.0f %10d %10d %14.2f %10.2f%n",
                mode,
                result.writesPerSecond(),
                result.p50Micros(),
                result.p99Micros(),
                result.writesPerSecond() / baseline.writesPerSecond(),
                (double) result.p50Micros() / baseline.p50Micros());
    }
}
