package dev.tandem.reconcile.run;

import java.util.List;

/**
 * What a run's repair did.
 *
 * @param mode none, a dry run, or executed
 * @param planned repairs built (one per confirmed difference)
 * @param published repairs published to the retry topic
 * @param fixed repaired rows equal on both sides at the re-verification
 * @param remaining repaired rows still different when the verification gave up
 * @param listed the first {@value PlannedRepair#LISTED} repairs planned, for the report; {@code
 *     planned - listed.size()} more were left out
 */
public record RepairSummary(
        RepairMode mode, long planned, long published, long fixed, long remaining, List<PlannedRepair> listed) {

    public static final RepairSummary NONE = new RepairSummary(RepairMode.NONE, 0, 0, 0, 0);

    public RepairSummary {
        listed = List.copyOf(listed);
    }

    /** A summary without the list of planned repairs. */
    public RepairSummary(RepairMode mode, long planned, long published, long fixed, long remaining) {
        this(mode, planned, published, fixed, remaining, List.of());
    }

    /** Planned repairs not in {@code listed}. */
    public long leftOut() {
        return Math.max(0, planned - listed.size());
    }
}
