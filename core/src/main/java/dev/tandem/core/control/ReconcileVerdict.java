package dev.tandem.core.control;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of a reconciliation run, as the reconciler publishes it on the control topic: the
 * cutover's last gate.
 *
 * @param migration the migration the reconciler checks
 * @param runId the run's id in the reconciler's store
 * @param startedAt when the run started: writes before it are covered by the run
 * @param finishedAt when it finished
 * @param verdict CLEAN, DIFFERENCES or FAILED
 * @param confirmedDifferences differences confirmed (not in flight)
 */
public record ReconcileVerdict(
        String migration,
        long runId,
        Instant startedAt,
        Instant finishedAt,
        String verdict,
        long confirmedDifferences) {

    public ReconcileVerdict {
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** Whether the run compared everything and confirmed no difference. */
    public boolean clean() {
        return "CLEAN".equals(verdict) && confirmedDifferences == 0;
    }
}
