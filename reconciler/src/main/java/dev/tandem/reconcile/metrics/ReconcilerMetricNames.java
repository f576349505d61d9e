package dev.tandem.reconcile.metrics;

/** The reconciler's meter names (dashboards and alert rules in {@code deploy/} use them). */
public final class ReconcilerMetricNames {

    /** Counter of rows of the primary compared, per {@code table}. */
    public static final String ROWS_COMPARED = "tandem.reconcile.rows.compared";
    /**
     * Gauge: confirmed differences per {@code table} and {@code kind}, from the latest run that compared
     * the table (a run of other tables, or one in which the table failed, leaves it as it was).
     */
    public static final String CONFIRMED = "tandem.reconcile.confirmed.differences";
    /** Gauge: in-flight differences per {@code table}, from the latest run that compared the table. */
    public static final String IN_FLIGHT = "tandem.reconcile.in.flight.differences";
    /** Gauge: confirmed differences of the last run, all tables. */
    public static final String LAST_RUN_CONFIRMED = "tandem.reconcile.last.run.confirmed";
    /** Gauge: when the last run finished, epoch seconds, restored from the run store at start-up; 0 before the first. */
    public static final String LAST_RUN_FINISHED = "tandem.reconcile.last.run.finished.seconds";
    /** Gauge per {@code verdict} (CLEAN, DIFFERENCES, FAILED): 1 for the last finished run's verdict, 0 for the others. */
    public static final String LAST_RUN_VERDICT = "tandem.reconcile.last.run.verdict";
    /** Counter of finished runs per {@code verdict} (CLEAN, DIFFERENCES, FAILED). */
    public static final String RUNS = "tandem.reconcile.runs";
    /** Timer of runs, with a percentile histogram. */
    public static final String RUN_DURATION = "tandem.reconcile.run.duration";

    private ReconcilerMetricNames() {}
}
