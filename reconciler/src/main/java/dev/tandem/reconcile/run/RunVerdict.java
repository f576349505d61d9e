package dev.tandem.reconcile.run;

/** The outcome of a whole run, worst first. */
public enum RunVerdict {
    /** A table could not be compared (or the run never finished); its differences are unknown. */
    FAILED,
    /** Confirmed differences were found. */
    DIFFERENCES,
    /** Every table compared, nothing confirmed. */
    CLEAN,
    /** Still running. */
    RUNNING,
    /**
     * Left {@code RUNNING} by a process that died (it stopped refreshing its heartbeat) and not continued:
     * its outcome is unknown, it compared nothing that was stored.
     */
    ABANDONED
}
