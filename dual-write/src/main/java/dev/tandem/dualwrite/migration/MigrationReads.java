package dev.tandem.dualwrite.migration;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads routed by the phase. In {@code SHADOW_READ(p)} the primary serves every read and p % of them
 * are run again on the secondary off the request path, on a bounded executor (a full queue drops
 * the comparison and counts it, the caller never waits), and compared; a difference is read again
 * (up to three times, after a short delay) and counted and logged (table and key, never row data) only if it persists.
 * In {@code READ_SECONDARY(p)} p % of reads are served by the secondary, falling back to the primary
 * when it fails.
 */
public final class MigrationReads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MigrationReads.class);
    /** How often a mismatch is read again before it counts. */
    private static final int RECHECKS = 3;

    private final Supplier<PhaseState> phase;
    private final MigrationStores stores;
    private final MigrationRows rows;
    private final Duration recheckDelay;
    private final MigrationMetrics metrics;
    private final ThreadPoolExecutor shadows;
    private final LongAdder compared = new LongAdder();
    private final LongAdder mismatched = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();

    MigrationReads(
            Supplier<PhaseState> phase,
            MigrationStores stores,
            MigrationRows rows,
            MigrationConfig config,
            MigrationMetrics metrics) {
        this.phase = phase;
        this.stores = stores;
        this.rows = rows;
        this.recheckDelay = config.shadowRecheckDelay();
        this.metrics = metrics;
        this.shadows = new ThreadPoolExecutor(
                config.shadowThreads(),
                config.shadowThreads(),
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.shadowQueue()),
                DaemonThreads.numbered("tandem-shadow-read"));
    }

    /**
     * The row of {@code table} with {@code key} (table and key named as the origin names them; the
     * target's found through the schema mapping), column names as the serving store spells them, or
     * empty if there is none.
     */
    public Optional<Map<String, Object>> row(String table, Map<String, Object> key) {
        MigrationRows.Found found =
                read(table + " " + key, store -> readRow(store, table, key), (a, b) -> sameRow(table, a, b));
        return found.asMap();
    }

    /**
     * Runs {@code query} on the store the phase routes it to; {@code same} tells whether a shadow
     * read's results agree.
     *
     * @param what names the read in logs: table and key, never row data
     */
    public <T> T read(String what, Function<Store, T> query, BiPredicate<T, T> same) {
        PhaseState state = phase.get();
        Store primary = state.primary();
        Store secondary = state.secondary();
        boolean sampled = state.percent() > 0 && ThreadLocalRandom.current().nextInt(100) < state.percent();
        if (state.phase() == Phase.READ_SECONDARY && sampled) {
            try {
                return query.apply(secondary);
            } catch (RuntimeException e) {
                fallbacks.increment();
                metrics.readFallback();
                log.debug("Read of {} failed on the secondary ({}); serving it from the primary", what, e.toString());
            }
        }
        T result = query.apply(primary);
        if (state.phase() == Phase.SHADOW_READ && sampled) {
            shadow(what, () -> result, () -> query.apply(primary), () -> query.apply(secondary), same);
        }
        return result;
    }

    /** Runs {@code query} against the data source of the store the phase routes it to. */
    public <T> T readFrom(String what, Function<DataSource, T> query, BiPredicate<T, T> same) {
        return read(what, store -> query.apply(stores.dataSource(store)), same);
    }

    /**
     * For a read the caller served itself from the primary (e.g. a JPA repository's {@code findById}):
     * in {@code SHADOW_READ(p)}, for p % of calls, compares the row of {@code table} with {@code key} in
     * both stores off the request path, with the same rules, re-checks and counters as {@link #row}.
     * Returns at once; never throws for the comparison.
     */
    public void shadowRow(String table, Map<String, Object> key) {
        PhaseState state = phase.get();
        if (state.phase() != Phase.SHADOW_READ
                || state.percent() == 0
                || ThreadLocalRandom.current().nextInt(100) >= state.percent()) {
            return;
        }
        Supplier<MigrationRows.Found> primary = () -> readRow(state.primary(), table, key);
        shadow(
                table + " " + key,
                primary,
                primary,
                () -> readRow(state.secondary(), table, key),
                (a, b) -> sameRow(table, a, b));
    }

    private <T> void shadow(
            String what, Supplier<T> served, Supplier<T> primary, Supplier<T> secondary, BiPredicate<T, T> same) {
        try {
            shadows.execute(() -> compare(what, served, primary, secondary, same));
        } catch (RejectedExecutionException e) {
            dropped.increment();
            metrics.shadowDropped();
        }
    }

    private <T> void compare(
            String what, Supplier<T> served, Supplier<T> primary, Supplier<T> secondary, BiPredicate<T, T> same) {
        try {
            boolean mismatch = !same.test(served.get(), secondary.get());
            // A write may land between the two reads of a hot row: a mismatch counts only if it persists.
            for (int recheck = 0; mismatch && recheck < RECHECKS; recheck++) {
                Thread.sleep(recheckDelay.toMillis());
                mismatch = !same.test(primary.get(), secondary.get());
            }
            compared.increment();
            metrics.shadowCompared(mismatch);
            if (mismatch) {
                mismatched.increment();
                log.warn("Shadow read mismatch: {}", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Shadow read of {} could not be compared ({})", what, e.toString());
        }
    }

    private MigrationRows.Found readRow(Store store, String table, Map<String, Object> key) {
        try {
            return rows.read(store, table, key);
        } catch (SQLException e) {
            throw new MigrationReadException("Reading " + table + " " + key + " from the " + store + " failed", e);
        }
    }

    private boolean sameRow(String table, MigrationRows.Found left, MigrationRows.Found right) {
        try {
            return rows.same(table, left, right);
        } catch (SQLException e) {
            throw new MigrationReadException("Comparing " + table + " in both stores failed", e);
        }
    }

    public long compared() {
        return compared.sum();
    }

    public long mismatched() {
        return mismatched.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long fallbacks() {
        return fallbacks.sum();
    }

    /** Waits up to {@code timeout} for queued comparisons to finish (tests, benchmarks). */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (shadows.getActiveCount() > 0 || !shadows.getQueue().isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() {
        shadows.shutdownNow();
    }
}
