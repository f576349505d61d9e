package dev.tandem.backfill;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the workers back while the primary is busy: before each batch a worker asks, and while the
 * primary runs more queries than the bound it waits, looking again after each pause. The probe is
 * asked at most every {@value #PROBE_EVERY_MILLIS} ms, whatever the number of workers.
 */
final class Throttle {

    private static final Logger log = LoggerFactory.getLogger(Throttle.class);
    private static final long PROBE_EVERY_MILLIS = 250;

    private final BusyProbe probe;
    private final int maxActiveQueries;
    private final Duration pause;
    private final AtomicLong pauses = new AtomicLong();
    private long probedAt = Long.MIN_VALUE;
    private boolean busy;

    /** @param maxActiveQueries 0 never pauses */
    Throttle(BusyProbe probe, int maxActiveQueries, Duration pause) {
        this.probe = probe;
        this.maxActiveQueries = maxActiveQueries;
        this.pause = pause;
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
