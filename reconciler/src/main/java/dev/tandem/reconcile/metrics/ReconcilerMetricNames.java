package dev.tandem.reconcile.metrics;

/** The reconciler's meter names (dashboards and alert rules in {@code deploy/} use them). */
public final class ReconcilerMetricNames {

    /** Counter of rows of the primary compared, per {@code table}. */
    public static final String ROWS_COMPARED = "tandem.reconcile.rows.compared";
    /** Gauge: confirmed differences of the last run, per {@code table} and {@code kind}. */
    public static final String CONFIRMED = "tandem.reconcile.confirmed.differences";
    /** Gauge: in-flight differences of the last run, per {@code table}. */
    public static final String IN_FLIGHT = "tandem.reconcile.in.flight.differences";
    /** Gauge: confirmed differences of the last run, all tables. */
    public static final String LAST_RUN_CONFIRMED = "tandem.reconcile.last.run.confirmed";
    /** Gauge: when the last run finished, epoch seconds; 0 before the first. */
    public static final String LAST_RUN_FINISHED = "tandem.reconcile.last.run.finished.seconds";
    /** Counter of finished runs per {@code verdict} (CLEAN, DIFFERENCES, FAILED). */
    public static final String RUNS = "tandem.reconcile.runs";
    /** Timer of runs. */
    public static final String RUN_DURATION = "tandem.reconcile.run.duration";

    /** Gauge: rows of a {@code table} backfilled so far (chunks finished by earlier runs included). */
    public static final String BACKFILL_ROWS = "tandem.backfill.rows";
    /** Gauge: rows of a {@code table} the backfill planned (the rows its key ranges held). */
    public static final String BACKFILL_ROWS_PLANNED = "tandem.backfill.rows.planned";
    /** Gauge: the backfill's rows per second of a {@code table}, this run. */
    public static final String BACKFILL_RATE = "tandem.backfill.rows.per.second";
    /** Gauge: estimated seconds until a {@code table}'s backfill is done. */
    public static final String BACKFILL_ETA = "tandem.backfill.eta.seconds";
    /** Counter of times the backfill paused because the primary was busy. */
    public static final String BACKFILL_PAUSES = "tandem.backfill.busy.pauses";

    private ReconcilerMetricNames() {}
}
