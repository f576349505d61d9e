package dev.tandem.core.pace;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds bulk work on the primary (a backfill's copy, a reconcile's comparison) back while the primary
 * is busy, and to a rate: before each batch a thread asks, and while the primary runs more queries
 * than the bound it waits, looking again after each pause (the probe is asked at most every
 * {@value #PROBE_EVERY_MILLIS} ms, whatever the number of threads); and it waits until the rows it
 * read fit the rate limit. A distributed worker takes its {@link #share} of the group's limit (kept by
 * {@link GroupShare}), so that all workers together read at most the configured rows per second; the
 * busy pause holds across the group because every worker asks the same primary.
 */
public final class Throttle {

    private static final Logger log = LoggerFactory.getLogger(Throttle.class);
    private static final long PROBE_EVERY_MILLIS = 250;

    private final String work;
    private final BusyProbe probe;
    private final int maxActiveQueries;
    private final Duration pause;
    private final AtomicLong pauses = new AtomicLong();
    private final long maxRowsPerSecond;
    private long probedAt = Long.MIN_VALUE;
    private boolean busy;
    private volatile double share = 1.0;
    private long nextFreeNanos;

    /**
     * @param work what is held back, as the log names it ("backfill", "reconcile")
     * @param maxActiveQueries 0 never pauses
     * @param pause how long to wait before looking again while the primary is busy
     * @param maxRowsPerSecond 0 sets no rate limit
     */
    public Throttle(String work, BusyProbe probe, int maxActiveQueries, Duration pause, long maxRowsPerSecond) {
        if (maxActiveQueries < 0) {
            throw new IllegalArgumentException(
                    "maxActiveQueries must be 0 (never pause) or positive but was " + maxActiveQueries);
        }
        if (maxRowsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "maxRowsPerSecond must be 0 (no limit) or positive but was " + maxRowsPerSecond);
        }
        if (pause.isNegative() || pause.isZero()) {
            throw new IllegalArgumentException("The busy pause must be positive but was " + pause);
        }
        this.work = work;
        this.probe = probe;
        this.maxActiveQueries = maxActiveQueries;
        this.pause = pause;
        this.maxRowsPerSecond = maxRowsPerSecond;
    }

    /** A throttle that never waits. */
    public static Throttle none() {
        return new Throttle("work", () -> 0, 0, Duration.ofSeconds(1), 0);
    }

    /** This process's share of the rate limit, between 0 (exclusive) and 1. */
    public void share(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("A share of the rate limit must be in (0, 1] but was " + share);
        }
        this.share = share;
    }

    /** Whether a rate limit is set (and a distributed worker should keep its share of it). */
    public boolean limitsRate() {
        return maxRowsPerSecond > 0;
    }

    /** The rows per second the whole run (all workers together) may read; 0 for no limit. */
    public long maxRowsPerSecond() {
        return maxRowsPerSecond;
    }

    /** The rows per second this process may read now; 0 for no limit. */
    public double rowsPerSecond() {
        return maxRowsPerSecond * share;
    }

    /**
     * Returns once {@code rows} more rows fit this process's share of the rate limit (at once without a
     * limit, or when {@code stopped}).
     */
    public void awaitRate(int rows, BooleanSupplier stopped) throws InterruptedException {
        if (maxRowsPerSecond == 0) {
            return;
        }
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            nextFreeNanos = Math.max(nextFreeNanos, now);
            wait = nextFreeNanos - now;
            nextFreeNanos += (long) (rows * 1e9 / rowsPerSecond());
        }
        long until = System.nanoTime() + wait;
        while (!stopped.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(Math.max(1, Math.min(200, (until - System.nanoTime()) / 1_000_000)));
        }
    }

    /** Returns once the primary is not busy (or at once when {@code stopped}). */
    public void awaitCalm(BooleanSupplier stopped) throws InterruptedException {
        if (maxActiveQueries == 0) {
            return;
        }
        while (!stopped.getAsBoolean() && busy()) {
            pauses.incrementAndGet();
            Thread.sleep(pause.toMillis());
        }
    }

    /** How many times a thread paused because the primary was busy. */
    public long pauses() {
        return pauses.get();
    }

    private synchronized boolean busy() {
        long now = System.nanoTime() / 1_000_000;
        if (probedAt == Long.MIN_VALUE || now - probedAt >= PROBE_EVERY_MILLIS) {
            probedAt = now;
            try {
                int active = probe.activeQueries();
                boolean wasBusy = busy;
                busy = active > maxActiveQueries;
                if (busy && !wasBusy) {
                    log.info(
                            "The primary is busy ({} queries running, more than {}): {} pauses, looking again every {} ms",
                            active,
                            maxActiveQueries,
                            work,
                            pause.toMillis());
                } else if (!busy && wasBusy) {
                    log.info("The primary is calm again ({} queries running): {} goes on", active, work);
                }
            } catch (Exception e) {
                // Not knowing is no reason to stop: the work goes on, and the next look may succeed.
                log.warn("Could not tell how busy the primary is: {}", e.toString());
                busy = false;
            }
        }
        return busy;
    }
}
