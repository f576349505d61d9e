package dev.tandem.reconcile.report;

import dev.tandem.core.compare.Difference.ColumnDifference;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.Sample;
import dev.tandem.reconcile.run.TableRecord;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The report of one run, as HTML (for mail clients: tables and inline styles only, the trend drawn
 * as bars of table cells) and as plain text: the verdict first, then per table, per column, the
 * trend against earlier runs, samples (masked columns already masked) and how long it took.
 */
public final class RunReport {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final int BAR_WIDTH = 240;

    private final RunRecord run;
    private final List<RunRecord> history;

    /**
     * @param run the run reported
     * @param history earlier runs for the trend, any order (the run itself is left out if present)
     */
    public RunReport(RunRecord run, List<RunRecord> history) {
        this.run = run;
        this.history = history.stream()
                .filter(r -> r.id() != run.id() && r.finishedAt() != null)
                .sorted((a, b) -> Long.compare(a.id(), b.id()))
                .toList();
    }

    public String subject() {
        String tables = run.tables().size() + (run.tables().size() == 1 ? " table" : " tables");
        return switch (run.verdict()) {
            case CLEAN -> "Reconciliation CLEAN: " + tables + ", no confirmed differences";
            case DIFFERENCES -> "Reconciliation DIFFERENCES: " + run.confirmed() + " confirmed in "
                    + run.tables().stream().filter(t -> t.confirmed() > 0).count() + " of " + tables;
            case FAILED -> "Reconciliation FAILED: "
                    + run.tables().stream().filter(t -> t.error() != null).count() + " of " + tables
                    + " could not be compared";
            case RUNNING -> "Reconciliation still running";
        };
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(subject()).append("\n\n");
        out.append("Run ")
                .append(run.id())
                .append(" (")
                .append(run.trigger())
                .append("), started ")
                .append(TIME.format(run.startedAt()))
                .append(", took ")
                .append(took(run.took()))
                .append('\n');
        if (run.direction() != null) {
            out.append("Compared ").append(run.direction()).append('\n');
        }
        out.append(String.format(
                "%,d rows compared, %,d differences found, %,d in flight, %,d confirmed%n",
                run.rowsCompared(), run.found(), run.inFlight(), run.confirmed()));
        if (!run.pendingChecked() && run.found() > 0) {
            out.append("(Differences were re-checked after the settle window; the retry topic was not consulted.)\n");
        }
        if (run.repair().mode() != RepairMode.NONE) {
            out.append("Repair: ").append(repairText()).append('\n');
        }
        out.append("\nTables\n");
        for (TableRecord table : run.tables()) {
            if (table.error() != null) {
                out.append(String.format("  %-30s FAILED: %s%n", table.table(), table.error()));
                continue;
            }
            out.append(String.format(
                    "  %-30s %,12d rows %8s  missing %,d  extra %,d  mismatched %,d  in flight %,d%s%s%n",
                    table.table(),
                    table.rowsCompared(),
                    took(Duration.ofMillis(table.tookMillis())),
                    table.missing(),
                    table.extra(),
                    table.mismatched(),
                    table.inFlight(),
                    table.truncated() ? "  (more found than re-checked)" : "",
                    table.since() == null ? "" : "  (rows changed since " + TIME.format(table.since()) + ")"));
            for (Map.Entry<String, Long> column : table.columns().entrySet()) {
                out.append(String.format("      column %-24s %,d mismatched%n", column.getKey(), column.getValue()));
            }
        }
        if (!history.isEmpty()) {
            out.append("\nTrend (confirmed differences per run)\n");
            for (RunRecord earlier : history) {
                out.append(String.format(
                        "  run %-6d %s  %-11s %,d%n",
                        earlier.id(), TIME.format(earlier.startedAt()), earlier.verdict(), earlier.confirmed()));
            }
            out.append(String.format(
                    "  run %-6d %s  %-11s %,d  (this run)%n",
                    run.id(), TIME.format(run.startedAt()), run.verdict(), run.confirmed()));
        }
        if (run.tables().stream().anyMatch(t -> !t.samples().isEmpty())) {
            out.append("\nSamples\n");
            for (TableRecord table : run.tables()) {
                for (Sample sample : table.samples()) {
                    out.append("  ")
                            .append(table.table())
                            .append(" [")
                            .append(sample.key())
                            .append("] ")
                            .append(sample.kind())
                            .append('\n');
                    for (ColumnDifference column : sample.columns()) {
                        out.append("      ")
                                .append(column.column())
                                .append(": primary ")
                                .append(value(column.primary()))
                                .append(", secondary ")
                                .append(value(column.secondary()))
                                .append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    public String html() {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html><html><body style=\"font-family:Arial,Helvetica,sans-serif;color:#222\">");
        out.append("<div style=\"padding:12px 16px;color:#fff;font-size:18px;background:")
                .append(colour(run.verdict()))
                .append("\"><b>")
                .append(escape(subject()))
                .append("</b></div>");
        out.append("<p>Run ")
                .append(run.id())
                .append(" (")
                .append(escape(run.trigger()))
                .append("), started ")
                .append(TIME.format(run.startedAt()))
                .append(", took <b>")
                .append(took(run.took()))
                .append("</b>.<br>");
        if (run.direction() != null) {
            out.append("Compared ").append(escape(run.direction())).append(".<br>");
        }
        out.append(String.format(
                "%,d rows compared, %,d differences found, %,d in flight, <b>%,d confirmed</b>.",
                run.rowsCompared(), run.found(), run.inFlight(), run.confirmed()));
        if (!run.pendingChecked() && run.found() > 0) {
            out.append("<br><i>Differences were re-checked after the settle window; the retry topic was not"
                    + " consulted.</i>");
        }
        if (run.repair().mode() != RepairMode.NONE) {
            out.append("<br>Repair: ").append(escape(repairText()));
        }
        out.append("</p>");
        tables(out);
        columns(out);
        trend(out);
        samples(out);
        out.append("<p style=\"color:#888;font-size:12px\">Tandem reconciler. Masked columns are shown as ***.</p>");
        out.append("</body></html>");
        return out.toString();
    }

    private void tables(StringBuilder out) {
        out.append("<h3>Tables</h3><table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        out.append(header(
                "Table",
                "Rows",
                "Took",
                "Missing in secondary",
                "Extra in secondary",
                "Mismatched",
                "In flight",
                "Status"));
        for (TableRecord table : run.tables()) {
            out.append("<tr style=\"border-top:1px solid #ddd\"><td>").append(escape(table.table()));
            if (table.since() != null) {
                out.append("<br><small>rows changed since ")
                        .append(TIME.format(table.since()))
                        .append("</small>");
            }
            out.append("</td>");
            if (table.error() != null) {
                out.append("<td colspan=\"6\"></td><td style=\"color:")
                        .append(colour(RunVerdict.FAILED))
                        .append("\">FAILED: ")
                        .append(escape(table.error()))
                        .append("</td></tr>");
                continue;
            }
            out.append(number(table.rowsCompared()))
                    .append("<td>")
                    .append(took(Duration.ofMillis(table.tookMillis())))
                    .append("</td>")
                    .append(number(table.missing()))
                    .append(number(table.extra()))
                    .append(number(table.mismatched()))
                    .append(number(table.inFlight()))
                    .append("<td style=\"color:")
                    .append(colour(table.confirmed() > 0 ? RunVerdict.DIFFERENCES : RunVerdict.CLEAN))
                    .append("\">")
                    .append(table.confirmed() > 0 ? "DIFFERENCES" : "CLEAN")
                    .append(table.truncated() ? " (more found than re-checked)" : "")
                    .append("</td></tr>");
        }
        out.append("</table>");
    }

    private void columns(StringBuilder out) {
        if (run.tables().stream().allMatch(t -> t.columns().isEmpty())) {
            return;
        }
        out.append("<h3>Mismatched columns</h3><table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        out.append(header("Table", "Column", "Rows"));
        for (TableRecord table : run.tables()) {
            for (Map.Entry<String, Long> column : table.columns().entrySet()) {
                out.append("<tr style=\"border-top:1px solid #ddd\"><td>")
                        .append(escape(table.table()))
                        .append("</td><td>")
                        .append(escape(column.getKey()))
                        .append("</td>")
                        .append(number(column.getValue()))
                        .append("</tr>");
            }
        }
        out.append("</table>");
    }

    private void trend(StringBuilder out) {
        if (history.isEmpty()) {
            return;
        }
        List<RunRecord> runs = new java.util.ArrayList<>(history);
        runs.add(run);
        long max =
                Math.max(1, runs.stream().mapToLong(RunRecord::confirmed).max().orElse(1));
        out.append("<h3>Trend: confirmed differences per run</h3>");
        out.append("<table cellpadding=\"2\" style=\"border-collapse:collapse;font-size:12px\">");
        for (RunRecord r : runs) {
            int width = r.confirmed() == 0 ? 2 : (int) Math.max(4, BAR_WIDTH * r.confirmed() / max);
            out.append("<tr><td>")
                    .append(TIME.format(r.startedAt()))
                    .append("</td><td>")
                    .append("<table cellpadding=\"0\" cellspacing=\"0\"><tr><td width=\"")
                    .append(width)
                    .append("\" height=\"12\" style=\"background:")
                    .append(colour(r.verdict()))
                    .append("\"></td></tr></table></td><td>")
                    .append(String.format("%,d", r.confirmed()))
                    .append(r == run ? " (this run)" : "")
                    .append("</td></tr>");
        }
        out.append("</table>");
    }

    private void samples(StringBuilder out) {
        if (run.tables().stream().allMatch(t -> t.samples().isEmpty())) {
            return;
        }
        out.append("<h3>Samples</h3><table cellpadding=\"4\" style=\"border-collapse:collapse;font-size:13px\">");
        out.append(header("Table", "Key", "Difference", "Column", "Primary", "Secondary"));
        for (TableRecord table : run.tables()) {
            for (Sample sample : table.samples()) {
                List<ColumnDifference> columns =
                        sample.columns().isEmpty() ? java.util.Collections.singletonList(null) : sample.columns();
                for (ColumnDifference column : columns) {
                    out.append("<tr style=\"border-top:1px solid #ddd\"><td>")
                            .append(escape(table.table()))
                            .append("</td><td>")
                            .append(escape(sample.key()))
                            .append("</td><td>")
                            .append(sample.kind())
                            .append("</td>");
                    if (column == null) {
                        out.append("<td></td><td></td><td></td>");
                    } else {
                        out.append("<td>")
                                .append(escape(column.column()))
                                .append("</td><td>")
                                .append(escape(value(column.primary())))
                                .append("</td><td>")
                                .append(escape(value(column.secondary())))
                                .append("</td>");
                    }
                    out.append("</tr>");
                }
            }
        }
        out.append("</table>");
    }

    private String repairText() {
        return switch (run.repair().mode()) {
            case NONE -> "none";
            case DRY_RUN -> run.repair().planned() + " repair(s) planned (dry run, nothing published)";
            case EXECUTE -> run.repair().published() + " repair(s) published, "
                    + run.repair().fixed() + " verified equal, " + run.repair().remaining() + " still different";
        };
    }

    private static String header(String... names) {
        StringBuilder out = new StringBuilder("<tr style=\"background:#f0f0f0;text-align:left\">");
        for (String name : names) {
            out.append("<th>").append(escape(name)).append("</th>");
        }
        return out.append("</tr>").toString();
    }

    private static String number(long value) {
        return String.format("<td style=\"text-align:right\">%,d</td>", value);
    }

    private static String value(String value) {
        return value == null ? "NULL" : "\"" + value + "\"";
    }

    private static String colour(RunVerdict verdict) {
        return switch (verdict) {
            case CLEAN -> "#2e7d32";
            case DIFFERENCES -> "#c62828";
            case FAILED -> "#6a1b9a";
            case RUNNING -> "#546e7a";
        };
    }

    private static String took(Duration took) {
        if (took == null) {
            return "-";
        }
        long seconds = took.toSeconds();
        return seconds < 1
                ? took.toMillis() + " ms"
                : seconds < 120 ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
