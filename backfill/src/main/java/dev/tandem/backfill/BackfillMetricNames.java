package dev.tandem.backfill;

/** The backfill's meter names (dashboards and alert rules in {@code deploy/} use them). */
public final class BackfillMetricNames {

    /** Gauge: rows of a {@code table} backfilled so far (chunks finished by earlier runs included). */
    public static final String ROWS = "tandem.backfill.rows";
    /** Gauge: rows of a {@code table} the backfill planned (the rows its key ranges held). */
    public static final String ROWS_PLANNED = "tandem.backfill.rows.planned";
    /** Gauge: the backfill's rows per second of a {@code table}, this run. */
    public static final String RATE = "tandem.backfill.rows.per.second";
    /** Gauge: estimated seconds until a {@code table}'s backfill is done. */
    public static final String ETA = "tandem.backfill.eta.seconds";
    /** Counter of times the backfill paused because the primary was busy. */
    public static final String PAUSES = "tandem.backfill.busy.pauses";

    private BackfillMetricNames() {}
}
