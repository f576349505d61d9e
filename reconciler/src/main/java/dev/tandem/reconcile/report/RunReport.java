package dev.tandem.reconcile.report;

import dev.tandem.reconcile.run.RunRecord;
import java.util.List;
import java.util.Locale;

/**
 * The report of one run, as HTML (for mail clients: tables and inline styles only, the trend drawn
 * as bars of table cells) and as plain text: the verdict first, naming the scope when the run was
 * partial, the two stores, per table the exact count of differences found (by kind and column) and
 * what of them was re-checked and confirmed, the share of rows affected and the next step, the
 * repairs planned, the trend against earlier runs of the same tables, and samples with values as
 * stored (masked columns already masked, control characters escaped).
 */
public final class RunReport {

    private final RunRecord run;
    private final List<RunRecord> trend;

    /**
     * @param run the run reported
     * @param history earlier runs for the trend, any order: only finished runs of the same tables
     *     are shown (the run itself is left out if present)
     */
    public RunReport(RunRecord run, List<RunRecord> history) {
        this.run = run;
        this.trend = history.stream()
                .filter(r -> r.id() != run.id() && r.finishedAt() != null && sameTables(r, run))
                .sorted((a, b) -> Long.compare(a.id(), b.id()))
                .toList();
    }

    public String subject() {
        return Headline.of(run);
    }

    public String text() {
        return new TextReport(run, trend).render();
    }

    public String html() {
        return new HtmlReport(run, trend).render();
    }

    /** Like with like: a run of the same set of tables (a full run with full runs). */
    private static boolean sameTables(RunRecord a, RunRecord b) {
        return normalised(a.comparedTables()).equals(normalised(b.comparedTables())) && a.partial() == b.partial();
    }

    private static List<String> normalised(List<String> tables) {
        return tables.stream().map(t -> t.toLowerCase(Locale.ROOT)).sorted().toList();
    }

    /** What a partial run covers, and that it is no verdict on the rest. */
    static String scope(RunRecord run) {
        return "Partial run: " + run.tables().size() + " of "
                + run.configuredTables().size()
                + " configured tables compared; not compared: " + String.join(", ", run.notCompared())
                + ". The verdict covers the tables compared only, not the migration as a whole.";
    }

    /** Which differences were re-checked and which were not. */
    static String recheck(RunRecord run) {
        long notRechecked = run.found() - run.rechecked();
        return notRechecked <= 0
                ? String.format("Every difference found (%,d) was re-checked after the settle window.", run.found())
                : String.format(
                        "Re-checked after the settle window: %,d of the %,d differences found (max-differences per"
                                + " table); %,d were not re-checked: they are counted exactly by kind and column,"
                                + " but not confirmed, and not repaired.",
                        run.rechecked(), run.found(), notRechecked);
    }

    /** The trend's scope, e.g. {@code all 2 tables} or {@code orders}. */
    static String trendScope(RunRecord run) {
        return run.partial()
                ? "the same tables: " + String.join(", ", run.comparedTables())
                : run.configuredTables().isEmpty()
                        ? "the same tables"
                        : "all " + Shown.count(run.tables().size(), "table");
    }

    static String repairText(RunRecord run) {
        return switch (run.repair().mode()) {
            case NONE -> "none";
            case DRY_RUN -> run.repair().planned() + " repair(s) planned (dry run, nothing published)";
            case EXECUTE -> run.repair().published() + " repair(s) published, "
                    + run.repair().fixed() + " verified equal, " + run.repair().remaining() + " still different";
        };
    }
}
