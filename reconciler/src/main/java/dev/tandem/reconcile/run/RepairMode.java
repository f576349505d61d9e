package dev.tandem.reconcile.run;

/** Whether a run repairs what it confirmed. */
public enum RepairMode {
    /** Report only. */
    NONE,
    /** Build the repairs and print them, publish nothing. */
    DRY_RUN,
    /** Publish the repairs to the retry topic and re-verify the repaired rows. */
    EXECUTE
}
