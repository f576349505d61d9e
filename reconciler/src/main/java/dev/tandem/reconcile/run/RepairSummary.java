package dev.tandem.reconcile.run;

/**
 * What a run's repair did.
 *
 * @param mode none, a dry run, or executed
 * @param planned repairs built (one per confirmed difference)
 * @param published repairs published to the retry topic
 * @param fixed repaired rows equal on both sides at the re-verification
 * @param remaining repaired rows still different when the verification gave up
 */
public record RepairSummary(RepairMode mode, long planned, long published, long fixed, long remaining) {

    public static final RepairSummary NONE = new RepairSummary(RepairMode.NONE, 0, 0, 0, 0);
}
