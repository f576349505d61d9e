package dev.tandem.core.control;

import java.util.List;

/**
 * The facts a cutover is gated on, as measured, and the gates that failed.
 *
 * @param retryLag records on the retry topics not yet applied by their consumer groups
 * @param deadLetters records on the dead-letter topics
 * @param shadowCompared shadow reads compared by the live instances
 * @param shadowMismatched of those, mismatched
 * @param mismatchRate {@code shadowMismatched / shadowCompared} (0 when nothing was compared)
 * @param lastVerdict the last reconcile verdict, or null if none was published
 * @param liveInstances instances that reported within the liveness window
 * @param failures each failing gate, with its value and bound; empty when every gate passes
 */
public record GateValues(
        long retryLag,
        long deadLetters,
        long shadowCompared,
        long shadowMismatched,
        double mismatchRate,
        ReconcileVerdict lastVerdict,
        List<String> liveInstances,
        List<String> failures) {

    public GateValues {
        liveInstances = List.copyOf(liveInstances);
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /** One line: every value. */
    public String describe() {
        return "retry lag " + retryLag + ", DLT " + deadLetters + ", shadow mismatches " + shadowMismatched + "/"
                + shadowCompared + String.format(" (%.4f %%)", mismatchRate * 100) + ", last reconcile "
                + (lastVerdict == null
                        ? "none"
                        : "run " + lastVerdict.runId() + " " + lastVerdict.verdict() + " ("
                                + lastVerdict.confirmedDifferences() + " confirmed) finished "
                                + lastVerdict.finishedAt())
                + ", live instances " + liveInstances.size();
    }
}
