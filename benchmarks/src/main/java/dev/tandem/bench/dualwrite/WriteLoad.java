package dev.tandem.bench.dualwrite;

import dev.tandem.core.Mutation;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.outbox.Outbox;
import dev.tandem.testkit.CpuTime;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The application's side of {@link DualWriteBenchmark}: caller threads that each write one primary
 * transaction per write (insert, commit, then what dual writing adds), as fast as they go or on a
 * fixed schedule, and what that cost: throughput, latency, CPU per write per process.
 */
final class WriteLoad {

    private static final AtomicLong ids = new AtomicLong();

    private final DataSource primary;
    private final int threads;
    /** The broker's own JVM, or null when it shares this one. */
    private final ForkedBroker broker;

    WriteLoad(DataSource primary, int threads, ForkedBroker broker) {
        this.primary = primary;
        this.threads = threads;
        this.broker = broker;
    }

    /** What a caller thread measured: each write's latency, and the CPU the thread itself spent. */
    private record CallerRun(long[] latencies, long cpuNanos) {}

    /**
     * {@code ops} primary writes by the caller threads, each followed by {@code afterCommit} of its
     * mutation (or the crash-safe path); at {@code rate} writes/s in all when positive.
     */
    Figures measure(int ops, Consumer<Mutation> afterCommit, CrashSafe crashSafe, int rate) throws Exception {
        int perThread = ops / threads;
        ExecutorService callers = Executors.newFixedThreadPool(threads, r -> new Thread(r, "caller"));
        try {
            List<Future<CallerRun>> futures = new ArrayList<>();
            long jvmCpuStart = CpuTime.now().jvmNanos();
            long brokerCpuStart = broker == null ? 0 : CpuTime.processNanos(broker.handle());
            long start = System.nanoTime() + 10_000_000; // the first scheduled write, once every caller runs
            for (int t = 0; t < threads; t++) {
                int caller = t;
                futures.add(callers.submit(() -> callerLoop(perThread, caller, start, rate, afterCommit, crashSafe)));
            }
            long[] latencies = new long[perThread * threads];
            long callerCpu = 0;
            int offset = 0;
            for (Future<CallerRun> future : futures) {
                CallerRun part = future.get();
                System.arraycopy(part.latencies(), 0, latencies, offset, part.latencies().length);
                offset += part.latencies().length;
                callerCpu += part.cpuNanos();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double writes = latencies.length;
            double jvmCpu = CpuTime.now().jvmNanos() - jvmCpuStart;
            double brokerCpu = broker == null ? Double.NaN : CpuTime.processNanos(broker.handle()) - brokerCpuStart;
            Arrays.sort(latencies);
            return new Figures(
                    writes / seconds,
                    latencies[latencies.length / 2] / 1000,
                    latencies[(int) (latencies.length * 0.99)] / 1000,
                    latencies[(int) (latencies.length * 0.999)] / 1000,
                    jvmCpu / writes / 1000,
                    callerCpu / writes / 1000,
                    brokerCpu / writes / 1000);
        } finally {
            callers.shutdown();
        }
    }

    private CallerRun callerLoop(
            int count, int caller, long startNanos, int rate, Consumer<Mutation> afterCommit, CrashSafe crashSafe)
            throws SQLException {
        long[] latencies = new long[count];
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        try (Connection c = primary.getConnection();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO payments (id, amount, note, version) VALUES (?, ?, ?, 0)")) {
            // Each write is its own transaction, as a JPA or Spring service writes.
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                long id = ids.incrementAndGet();
                BigDecimal amount = BigDecimal.valueOf(id % 100_000, 2);
                String note = "payment " + id;
                long start;
                if (rate > 0) {
                    // This caller's share of the schedule: write i*threads + caller of all, at rate per second.
                    start = startNanos + ((long) i * threads + caller) * 1_000_000_000L / rate;
                    for (long wait = start - System.nanoTime(); wait > 0; wait = start - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                } else {
                    start = System.nanoTime();
                }
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
        return new CallerRun(latencies, cpu.getCurrentThreadCpuTime() - cpuStart);
    }

    /** Crash-safe mode's two parts, for the caller loop: the outbox row in the transaction, the write after it. */
    record CrashSafe(Outbox outbox, DualWriter writer) {}
}
