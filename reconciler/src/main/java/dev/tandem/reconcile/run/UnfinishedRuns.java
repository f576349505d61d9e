package dev.tandem.reconcile.run;

import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs stored as {@code RUNNING} that a starting run finds: a run whose process has not refreshed
 * its heartbeat for {@code abandonedAfter} was left by a dead process. A distributed run of the same
 * scope is continued under its id (its plans and the workers' results are durable); any other is
 * marked {@link RunVerdict#ABANDONED}, so that no run stays {@code RUNNING} forever.
 *
 * <p>The heartbeat is stamped by its owner's clock and judged by this one's, so {@code abandonedAfter}
 * must exceed the clocks' difference between hosts; a run whose heartbeat looks fresh is watched (up to
 * {@code abandonedAfter} of this process's own time) and counts as alive only once its heartbeat moves.
 */
final class UnfinishedRuns {

    private static final Logger log = LoggerFactory.getLogger(UnfinishedRuns.class);

    private final RunStore store;
    private final Clock clock;
    private final Duration abandonedAfter;

    UnfinishedRuns(RunStore store, Clock clock, Duration abandonedAfter) {
        this.store = store;
        this.clock = clock;
        this.abandonedAfter = abandonedAfter;
    }

    /** What a distributed run of {@code tables} compares, as stored: a run of the same scope continues it. */
    static String scope(List<TableSpec> tables, boolean full, RepairMode repair) {
        return "tables="
                + tables.stream().map(t -> t.table().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","))
                + ";full=" + full + ";repair=" + repair;
    }

    /**
     * The unfinished run of {@code scope} whose coordinator died, now owned by {@code owner}; empty if
     * there is none (or it finished meanwhile). A coordinator heard of within {@code abandonedAfter} is
     * watched until its heartbeat either moves (it is alive) or goes stale (it died).
     *
     * @throws RunInProgressException if that run's coordinator is alive
     */
    Optional<RunStore.Unfinished> continuable(String scope, String owner) throws Exception {
        RunStore.Unfinished watched = null;
        long watchedSince = 0;
        while (true) {
            Optional<RunStore.Unfinished> found = store.unfinished().stream()
                    .filter(r -> scope.equals(r.resumeScope()))
                    .findFirst();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            RunStore.Unfinished run = found.get();
            if (watched != null
                    && (run.id() != watched.id()
                            || !Objects.equals(run.owner(), watched.owner())
                            || !Objects.equals(run.heartbeatAt(), watched.heartbeatAt()))) {
                throw new RunInProgressException("Run " + run.id() + " of the same tables is being coordinated by "
                        + run.owner() + " (its heartbeat moved while this process watched it): wait for it to"
                        + " finish, or stop it to have a coordinator started again continue it");
            }
            boolean watchedLongEnough = watched != null && System.nanoTime() - watchedSince > abandonedAfter.toNanos();
            if (stale(run) || watchedLongEnough) {
                if (store.takeOver(run, owner, clock.instant())) {
                    return Optional.of(run);
                }
                watched = null; // changed meanwhile: look again
                continue;
            }
            if (watched == null) {
                watched = run;
                watchedSince = System.nanoTime();
                log.info(
                        "Run {} of the same tables is unfinished, its coordinator {} last heard of {} ms ago:"
                                + " watching its heartbeat for up to {} s to tell whether it is alive",
                        run.id(),
                        run.owner(),
                        Duration.between(run.lastHeardOf(), clock.instant()).toMillis(),
                        abandonedAfter.toSeconds());
            }
            Thread.sleep(Math.max(50, abandonedAfter.toMillis() / 10));
        }
    }

    /** Marks every unfinished run but {@code except} whose process was not heard of for too long as abandoned. */
    void abandonStale(long except) throws Exception {
        for (RunStore.Unfinished run : store.unfinished()) {
            if (run.id() != except && stale(run) && store.abandon(run)) {
                log.warn(
                        "Run {} ({}, started {}) was left RUNNING by a process that stopped ({}, last heard of at {}):"
                                + " marked {}",
                        run.id(),
                        run.trigger(),
                        run.startedAt(),
                        run.owner() == null ? "an older version" : run.owner(),
                        run.lastHeardOf(),
                        RunVerdict.ABANDONED);
            }
        }
    }

    /** Whether {@code run}'s process was not heard of for longer than {@code abandonedAfter}. */
    boolean stale(RunStore.Unfinished run) {
        Instant heard = run.lastHeardOf();
        return Duration.between(heard, clock.instant()).compareTo(abandonedAfter) > 0;
    }
}
