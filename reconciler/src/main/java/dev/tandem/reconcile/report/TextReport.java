package dev.tandem.reconcile.report;

import dev.tandem.core.compare.Difference.ColumnDifference;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.PlannedRepair;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.Sample;
import dev.tandem.reconcile.run.TableRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A run's report as plain text, one line per fact; values from the databases on one line each. */
final class TextReport {

    private final RunRecord run;
    private final List<RunRecord> trend;
    private final StringBuilder out = new StringBuilder();

    TextReport(RunRecord run, List<RunRecord> trend) {
        this.run = run;
        this.trend = trend;
    }

    String render() {
        out.append(Headline.of(run)).append("\n\n");
        out.append("Run ")
                .append(run.id())
                .append(" (")
                .append(Shown.text(run.trigger()))
                .append("), started ");
        out.append(Shown.time(run.startedAt()))
                .append(", took ")
                .append(Shown.took(run.took()))
                .append('\n');
        if (run.stores() != null) {
            out.append("Primary:   ").append(Shown.text(run.stores().primary())).append('\n');
            out.append("Secondary: ")
                    .append(Shown.text(run.stores().secondary()))
                    .append('\n');
        }
        if (run.direction() != null) {
            out.append("Compared ").append(Shown.text(run.direction())).append('\n');
        }
        if (run.partial()) {
            out.append(Shown.text(RunReport.scope(run))).append('\n');
        }
        out.append(String.format(
                "%,d rows compared, %,d differences found, %,d in flight, %,d confirmed%n",
                run.rowsCompared(), run.found(), run.inFlight(), run.confirmed()));
        if (run.found() > 0) {
            out.append(RunReport.recheck(run)).append('\n');
        }
        if (!run.pendingChecked() && run.found() > 0) {
            out.append("(Differences were re-checked after the settle window; the retry topic was not consulted.)\n");
        }
        if (run.repair().mode() != RepairMode.NONE) {
            out.append("Repair: ").append(RunReport.repairText(run)).append('\n');
        }
        tables();
        notCompared();
        repairs();
        trend();
        samples();
        return out.toString();
    }

    private void tables() {
        out.append("\nTables\n");
        for (TableRecord table : run.tables()) {
            String name = Shown.text(table.table());
            if (table.error() != null) {
                out.append(String.format("  %-30s FAILED: %s%n", name, Shown.text(table.error())));
                NextStep.of(run, table).ifPresent(step -> out.append("      next: ")
                        .append(Shown.text(step))
                        .append('\n'));
                continue;
            }
            out.append(String.format(
                    "  %-30s %,12d rows %8s  confirmed: missing %,d  extra %,d  mismatched %,d; in flight %,d%s%s%n",
                    name,
                    table.rowsCompared(),
                    Shown.took(Duration.ofMillis(table.tookMillis())),
                    table.missing(),
                    table.extra(),
                    table.mismatched(),
                    table.inFlight(),
                    table.truncated() ? "  (more found than re-checked)" : "",
                    table.since() == null ? "" : "  (rows changed since " + Shown.time(table.since()) + ")"));
            FoundCounts found = table.foundCounts();
            if (table.found() > 0) {
                out.append(String.format(
                        "      found %,d differences in %s of the rows compared%s%n",
                        table.found(),
                        Shown.share(table.found(), table.rowsCompared()),
                        found == null
                                ? ""
                                : String.format(
                                        ": missing %,d, extra %,d, mismatched %,d",
                                        found.missing(), found.extra(), found.mismatched())));
                out.append(String.format(
                        "      re-checked %,d: %,d confirmed, %,d in flight; %,d not re-checked%n",
                        table.rechecked(), table.confirmed(), table.inFlight(), table.notRechecked()));
            }
            columns(table);
            NextStep.of(run, table)
                    .ifPresent(step ->
                            out.append("      next: ").append(Shown.text(step)).append('\n'));
        }
    }

    private void columns(TableRecord table) {
        Map<String, Long> found =
                table.foundCounts() == null ? Map.of() : table.foundCounts().columns();
        TreeSet<String> names = new TreeSet<>(table.columns().keySet());
        names.addAll(found.keySet());
        for (String column : names) {
            long confirmed = table.columns().getOrDefault(column, 0L);
            Long all = found.get(column);
            out.append(String.format(
                    "      column %-24s %,d mismatched%s%n",
                    Shown.text(column),
                    confirmed,
                    all == null || all == confirmed ? "" : String.format(" (%,d found)", all)));
        }
    }

    private void notCompared() {
        if (!run.partial()) {
            return;
        }
        out.append("\nNot compared in this run (configured)\n");
        run.notCompared().forEach(t -> out.append("  ").append(Shown.text(t)).append('\n'));
    }

    private void repairs() {
        if (!NextStep.listsRepairs(run)) {
            return;
        }
        out.append("\nPlanned repairs")
                .append(run.repair().mode() == RepairMode.DRY_RUN ? " (dry run, nothing published)" : "")
                .append('\n');
        for (PlannedRepair repair : run.repair().listed()) {
            out.append(String.format(
                    "  %-30s [%s] %s%n",
                    Shown.text(repair.table()), Shown.text(repair.key()), Shown.text(repair.action())));
        }
        if (run.repair().leftOut() > 0) {
            out.append(String.format(
                    "  … and %,d more not listed (%,d planned)%n",
                    run.repair().leftOut(), run.repair().planned()));
        }
    }

    private void trend() {
        if (trend.isEmpty()) {
            return;
        }
        out.append("\nTrend (confirmed differences per run of ")
                .append(Shown.text(RunReport.trendScope(run)))
                .append(")\n");
        for (RunRecord earlier : trend) {
            trendLine(earlier, "");
        }
        trendLine(run, "  (this run)");
    }

    private void trendLine(RunRecord r, String suffix) {
        out.append(String.format(
                "  run %-6d %s  %-11s %,d%s%s%n",
                r.id(),
                Shown.time(r.startedAt()),
                r.verdict(),
                r.confirmed(),
                r.found() > r.rechecked()
                        ? String.format(" (%,d found, %,d re-checked)", r.found(), r.rechecked())
                        : "",
                suffix));
    }

    private void samples() {
        if (run.tables().stream().allMatch(t -> t.samples().isEmpty())) {
            return;
        }
        out.append("\nSamples (confirmed differences, values as stored)\n");
        for (TableRecord table : run.tables()) {
            for (Sample sample : table.samples()) {
                out.append("  ")
                        .append(Shown.text(table.table()))
                        .append(" [")
                        .append(Shown.text(sample.key()))
                        .append("] ")
                        .append(sample.kind())
                        .append('\n');
                for (ColumnDifference column : sample.columns()) {
                    out.append("      ")
                            .append(Shown.text(column.column()))
                            .append(": primary ")
                            .append(Shown.value(column.primary()))
                            .append(", secondary ")
                            .append(Shown.value(column.secondary()))
                            .append('\n');
                }
            }
        }
    }
}
