package dev.tandem.reconcile.run;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.work.WorkerId;
import dev.tandem.reconcile.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running run's proof that its process is alive: refreshes the run's heartbeat in the run store
 * every {@code every} from a thread of its own (so a long query or a slow table does not silence it),
 * for as long as this process owns the run. Another process that finds the heartbeat older than the
 * reconciler's {@code abandonedAfter} counts the run's process as dead: it marks the run abandoned or,
 * for a distributed run, continues it. Should that happen while this process still runs (it was not
 * heard of for that long), the refresh finds the run no longer its own and {@link #ensureOwned()} stops
 * the run: two processes never both drive or store one run.
 */
final class RunHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunHeartbeat.class);

    private final long run;
    private final String owner;
    private final RunStore store;
    private final Clock clock;
    private final ScheduledExecutorService beats;
    private volatile boolean lost;

    private RunHeartbeat(long run, String owner, RunStore store, Clock clock, Duration every) {
        this.run = run;
        this.owner = owner;
        this.store = store;
        this.clock = clock;
        this.beats =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tandem-run-" + run + "-heartbeat"));
        long millis = Math.max(10, every.toMillis());
        beats.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A name for a new owner of a run: this process's host and id, and a token of its own. */
    static String newOwner() {
        return WorkerId.local() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Refreshes the heartbeat of run {@code run}, which {@code owner} drives, every {@code every} until closed. */
    static RunHeartbeat start(long run, String owner, RunStore store, Clock clock, Duration every) {
        return new RunHeartbeat(run, owner, store, clock, every);
    }

    String owner() {
        return owner;
    }

    /** @throws IllegalStateException if another process took the run over or marked it abandoned */
    void ensureOwned() {
        if (lost) {
            throw new IllegalStateException("Run " + run + " is no longer driven by this process (" + owner
                    + "): another took it over or marked it abandoned while this one was not heard of; stopping");
        }
    }

    private void beat() {
        try {
            if (!store.heartbeat(run, owner, clock.instant())) {
                lost = true;
                log.error(
                        "Run {}: this process ({}) no longer drives it: another took it over or marked it abandoned",
                        run,
                        owner);
                beats.shutdown();
            }
        } catch (Exception e) {
            log.warn("Run {}: its heartbeat could not be stored: {}", run, e.getMessage());
        }
    }

    @Override
    public void close() {
        beats.shutdownNow();
    }
}
