package dev.tandem.backfill;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the workers back while the primary is busy, and to a rate: before each batch a worker asks,
 * and while the primary runs more queries than the bound it waits, looking again after each pause (the
 * probe is asked at most every {@value #PROBE_EVERY_MILLIS} ms, whatever the number of workers); and it
 * waits until the rows it read fit the rate limit. A distributed worker takes its share of the group's
 * limit, so that all workers together copy at most the configured rows per second; the busy pause
 * holds across the group because every worker asks the same primary.
 */
final class Throttle {

    private static final Logger log = LoggerFactory.getLogger(Throttle.class);
    private static final long PROBE_EVERY_MILLIS = 250;

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
     * @param maxActiveQueries 0 never pauses
     * @param maxRowsPerSecond 0 sets no rate limit
     */
    Throttle(BusyProbe probe, int maxActiveQueries, Duration pause, long maxRowsPerSecond) {
        this.probe = probe;
        this.maxActiveQueries = maxActiveQueries;
        this.pause = pause;
        this.maxRowsPerSecond = maxRowsPerSecond;
    }

    /** The throttle {@code options} ask for. */
    static Throttle of(BusyProbe probe, BackfillOptions options) {
        return new Throttle(probe, options.maxActiveQueries(), options.busyPause(), options.maxRowsPerSecond());
    }

    /** This process's share of the rate limit, between 0 (exclusive) and 1. */
    void share(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("A share of the rate limit must be in (0, 1] but was " + share);
        }
        this.share = share;
    }

    /** The rows per second this process may copy now; 0 for no limit. */
    double rowsPerSecond() {
        return maxRowsPerSecond * share;
    }

    /**
     * Returns once {@code rows} more rows fit this process's share of the rate limit (at once without a
     * limit, or when {@code stopped}).
     */
    void awaitRate(int rows, BooleanSupplier stopped) throws InterruptedException {
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
    void awaitCalm(BooleanSupplier stopped) throws InterruptedException {
        if (maxActiveQueries == 0) {
            return;
        }
        while (!stopped.getAsBoolean() && busy()) {
            pauses.incrementAndGet();
            Thread.sleep(pause.toMillis());
        }
    }

    /** How many times a worker paused. */
    long pauses() {
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
                            "The primary is busy ({} queries running, more than {}): backfill pauses, looking again every {} ms",
                            active,
                            maxActiveQueries,
                            pause.toMillis());
                } else if (!busy && wasBusy) {
                    log.info("The primary is calm again ({} queries running): backfill goes on", active);
                }
            } catch (Exception e) {
                // Not knowing is no reason to stop: the copy goes on, and the next look may succeed.
                log.warn("Could not tell how busy the primary is: {}", e.toString());
                busy = false;
            }
        }
        return busy;
    }
}
