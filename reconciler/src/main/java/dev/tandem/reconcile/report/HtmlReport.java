package dev.tandem.reconcile.report;

import dev.tandem.core.compare.Difference.ColumnDifference;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.PlannedRepair;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.Sample;
import dev.tandem.reconcile.run.TableRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** A run's report as HTML for mail clients: tables and inline styles only, the trend as bars of table cells. */
final class HtmlReport {

    private static final int BAR_WIDTH = 240;
    private static final String ROW = "<tr style=\"border-top:1px solid #ddd\">";
    private static final String TABLE = "<table cellpadding=\"4\" style=\"border-collapse:collapse;font-size:13px\">";

    private final RunRecord run;
    private final List<RunRecord> trend;
    private final StringBuilder out = new StringBuilder();

    HtmlReport(RunRecord run, List<RunRecord> trend) {
        this.run = run;
        this.trend = trend;
    }

    String render() {
        out.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"
                + "<body style=\"font-family:Arial,Helvetica,sans-serif;color:#222\">");
        out.append("<div style=\"padding:12px 16px;color:#fff;font-size:18px;background:")
                .append(colour(run.verdict()))
                .append("\"><b>")
                .append(Shown.html(Headline.of(run)))
                .append("</b></div>");
        if (run.partial()) {
            out.append("<p style=\"padding:8px 12px;background:#fff8e1;border-left:4px solid #f9a825\">")
                    .append(Shown.html(RunReport.scope(run)))
                    .append("</p>");
        }
        summary();
        tables();
        columns();
        repairs();
        trend();
        samples();
        out.append("<p style=\"color:#888;font-size:12px\">Tandem reconciler. Values are shown as stored;"
                + " masked columns as ***; control characters escaped (\\n).</p>");
        out.append("</body></html>");
        return out.toString();
    }

    private void summary() {
        out.append("<p>Run ")
                .append(run.id())
                .append(" (")
                .append(Shown.html(run.trigger()))
                .append("), started ")
                .append(Shown.time(run.startedAt()))
                .append(", took <b>")
                .append(Shown.took(run.took()))
                .append("</b>.<br>");
        if (run.stores() != null) {
            out.append("Primary: ").append(Shown.html(run.stores().primary())).append("<br>");
            out.append("Secondary: ")
                    .append(Shown.html(run.stores().secondary()))
                    .append("<br>");
        }
        if (run.direction() != null) {
            out.append("Compared ").append(Shown.html(run.direction())).append(".<br>");
        }
        out.append(String.format(
                "%,d rows compared, %,d differences found, %,d in flight, <b>%,d confirmed</b>.",
                run.rowsCompared(), run.found(), run.inFlight(), run.confirmed()));
        if (run.found() > 0) {
            out.append("<br>").append(Shown.html(RunReport.recheck(run)));
        }
        if (!run.pendingChecked() && run.found() > 0) {
            out.append("<br><i>Differences were re-checked after the settle window; the retry topic was not"
                    + " consulted.</i>");
        }
        if (run.repair().mode() != RepairMode.NONE) {
            out.append("<br>Repair: ").append(Shown.html(RunReport.repairText(run)));
        }
        out.append("</p>");
    }

    private void tables() {
        out.append("<h3>Tables</h3>").append(TABLE);
        out.append(header(
                "Table",
                "Rows",
                "Took",
                "Found",
                "Share of rows",
                "Missing in secondary",
                "Extra in secondary",
                "Mismatched",
                "Re-checked",
                "Confirmed",
                "In flight",
                "Status"));
        List<String> steps = new ArrayList<>();
        for (TableRecord table : run.tables()) {
            out.append(ROW).append("<td><b>").append(Shown.html(table.table())).append("</b>");
            if (table.since() != null) {
                out.append("<br><small>rows changed since ")
                        .append(Shown.time(table.since()))
                        .append("</small>");
            }
            out.append("</td>");
            NextStep.of(run, table).ifPresent(step -> steps.add(table.table() + ": " + step));
            if (table.error() != null) {
                out.append("<td colspan=\"10\"></td><td style=\"color:")
                        .append(colour(RunVerdict.FAILED))
                        .append("\">FAILED: ")
                        .append(Shown.html(table.error()))
                        .append("</td></tr>");
                continue;
            }
            FoundCounts found = table.foundCounts();
            out.append(number(table.rowsCompared()))
                    .append("<td>")
                    .append(Shown.took(Duration.ofMillis(table.tookMillis())))
                    .append("</td>")
                    .append(number(table.found()))
                    .append("<td style=\"text-align:right\">")
                    .append(Shown.html(Shown.share(table.found(), table.rowsCompared())))
                    .append("</td>")
                    .append(number(found == null ? table.missing() : found.missing()))
                    .append(number(found == null ? table.extra() : found.extra()))
                    .append(number(found == null ? table.mismatched() : found.mismatched()))
                    .append(number(table.rechecked()))
                    .append(number(table.confirmed()))
                    .append(number(table.inFlight()))
                    .append("<td style=\"color:")
                    .append(colour(table.confirmed() > 0 ? RunVerdict.DIFFERENCES : RunVerdict.CLEAN))
                    .append("\">")
                    .append(table.confirmed() > 0 ? "DIFFERENCES" : "CLEAN")
                    .append(
                            table.notRechecked() > 0
                                    ? String.format(" (%,d not re-checked)", table.notRechecked())
                                    : "")
                    .append("</td></tr>");
        }
        for (String table : run.notCompared()) {
            out.append(ROW)
                    .append("<td style=\"color:#888\">")
                    .append(Shown.html(table))
                    .append("</td><td colspan=\"10\"></td><td style=\"color:#888\">NOT COMPARED in this run</td></tr>");
        }
        out.append("</table>");
        out.append("<p style=\"font-size:12px;color:#555\">Found, Missing, Extra and Mismatched count every"
                + " difference the comparison found; Confirmed and In flight are of those re-checked.</p>");
        if (!steps.isEmpty()) {
            out.append("<h3>Next steps</h3><ul>");
            steps.forEach(step -> out.append("<li>").append(Shown.html(step)).append("</li>"));
            out.append("</ul>");
        }
    }

    private void columns() {
        if (run.tables().stream()
                .allMatch(t -> t.columns().isEmpty()
                        && (t.foundCounts() == null || t.foundCounts().columns().isEmpty()))) {
            return;
        }
        out.append("<h3>Mismatched columns</h3>").append(TABLE);
        out.append(header("Table", "Column", "Found", "Confirmed"));
        for (TableRecord table : run.tables()) {
            Map<String, Long> found =
                    table.foundCounts() == null ? Map.of() : table.foundCounts().columns();
            TreeSet<String> names = new TreeSet<>(table.columns().keySet());
            names.addAll(found.keySet());
            for (String column : names) {
                out.append(ROW)
                        .append("<td>")
                        .append(Shown.html(table.table()))
                        .append("</td><td>")
                        .append(Shown.html(column))
                        .append("</td>")
                        .append(found.containsKey(column) ? number(found.get(column)) : "<td></td>")
                        .append(number(table.columns().getOrDefault(column, 0L)))
                        .append("</tr>");
            }
        }
        out.append("</table>");
    }

    private void repairs() {
        if (!NextStep.listsRepairs(run)) {
            return;
        }
        out.append("<h3>Planned repairs")
                .append(run.repair().mode() == RepairMode.DRY_RUN ? " (dry run, nothing published)" : "")
                .append("</h3>")
                .append(TABLE);
        out.append(header("Table", "Key", "Action"));
        for (PlannedRepair repair : run.repair().listed()) {
            out.append(ROW)
                    .append("<td>")
                    .append(Shown.html(repair.table()))
                    .append("</td><td>")
                    .append(Shown.html(repair.key()))
                    .append("</td><td>")
                    .append(Shown.html(repair.action()))
                    .append("</td></tr>");
        }
        out.append("</table>");
        if (run.repair().leftOut() > 0) {
            out.append(String.format(
                    "<p>… and %,d more not listed (%,d planned).</p>",
                    run.repair().leftOut(), run.repair().planned()));
        }
    }

    private void trend() {
        if (trend.isEmpty()) {
            return;
        }
        List<RunRecord> runs = new ArrayList<>(trend);
        runs.add(run);
        long max =
                Math.max(1, runs.stream().mapToLong(RunRecord::confirmed).max().orElse(1));
        out.append("<h3>Trend: confirmed differences per run of ")
                .append(Shown.html(RunReport.trendScope(run)))
                .append("</h3>");
        out.append("<table cellpadding=\"2\" style=\"border-collapse:collapse;font-size:12px\">");
        for (RunRecord r : runs) {
            int width = r.confirmed() == 0 ? 2 : (int) Math.max(4, BAR_WIDTH * r.confirmed() / max);
            out.append("<tr><td>")
                    .append(Shown.time(r.startedAt()))
                    .append("</td><td>")
                    .append("<table cellpadding=\"0\" cellspacing=\"0\"><tr><td width=\"")
                    .append(width)
                    .append("\" height=\"12\" style=\"background:")
                    .append(colour(r.verdict()))
                    .append("\"></td></tr></table></td><td>")
                    .append(String.format("%,d", r.confirmed()))
                    .append(r.found() > r.rechecked() ? String.format(" (%,d found)", r.found()) : "")
                    .append(r == run ? " (this run)" : "")
                    .append("</td></tr>");
        }
        out.append("</table>");
    }

    private void samples() {
        if (run.tables().stream().allMatch(t -> t.samples().isEmpty())) {
            return;
        }
        out.append("<h3>Samples: confirmed differences, values as stored</h3>").append(TABLE);
        out.append(header("Table", "Key", "Difference", "Column", "Primary", "Secondary"));
        for (TableRecord table : run.tables()) {
            for (Sample sample : table.samples()) {
                List<ColumnDifference> columns =
                        sample.columns().isEmpty() ? Collections.singletonList(null) : sample.columns();
                for (ColumnDifference column : columns) {
                    out.append(ROW)
                            .append("<td>")
                            .append(Shown.html(table.table()))
                            .append("</td><td>")
                            .append(Shown.html(sample.key()))
                            .append("</td><td>")
                            .append(sample.kind())
                            .append("</td>");
                    if (column == null) {
                        out.append("<td></td><td></td><td></td>");
                    } else {
                        out.append("<td>")
                                .append(Shown.html(column.column()))
                                .append("</td><td><code>")
                                .append(Shown.markup(Shown.value(column.primary())))
                                .append("</code></td><td><code>")
                                .append(Shown.markup(Shown.value(column.secondary())))
                                .append("</code></td>");
                    }
                    out.append("</tr>");
                }
            }
        }
        out.append("</table>");
    }

    private static String header(String... names) {
        StringBuilder row = new StringBuilder("<tr style=\"background:#f0f0f0;text-align:left\">");
        for (String name : names) {
            row.append("<th>").append(Shown.html(name)).append("</th>");
        }
        return row.append("</tr>").toString();
    }

    private static String number(long value) {
        return String.format("<td style=\"text-align:right\">%,d</td>", value);
    }

    private static String colour(RunVerdict verdict) {
        return switch (verdict) {
            case CLEAN -> "#2e7d32";
            case DIFFERENCES -> "#c62828";
            case FAILED -> "#6a1b9a";
            case RUNNING, ABANDONED -> "#546e7a";
        };
    }
}
