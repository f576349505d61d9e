package dev.tandem.reconcile.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.compare.Difference.ColumnDifference;
import dev.tandem.core.compare.DifferenceKind;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.PlannedRepair;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RepairSummary;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.Sample;
import dev.tandem.reconcile.run.StoreNames;
import dev.tandem.reconcile.run.TableRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The report is honest about what a run covered, how much it found, and what to do next. */
class ReportScopeTest {

    private static final Instant START = Instant.parse("2026-11-22T06:00:00Z");
    private static final List<String> CONFIGURED = List.of("orders", "payments");
    private static final StoreNames STORES = new StoreNames(
            "MariaDB 10.11.6 at db1.internal:3306, database shop",
            "PostgreSQL 15.4 at db2.internal:5432, database shop");

    static RunRecord run(long id, RunVerdict verdict, RepairSummary repair, List<TableRecord> tables) {
        return new RunRecord(
                id,
                "cli",
                START.plusSeconds(id * 86_400),
                START.plusSeconds(id * 86_400 + 75),
                verdict,
                true,
                repair,
                tables,
                null,
                CONFIGURED,
                STORES);
    }

    static TableRecord clean(String table, long rows) {
        return new TableRecord(
                table, null, rows, 1_000, 0, 0, 0, 0, 0, false, null, Map.of(), List.of(), FoundCounts.NONE);
    }

    /** 300,000 rows missing and 4 mismatched, of which the first 1,000 were re-checked (the cap). */
    static TableRecord truncated(String table) {
        return new TableRecord(
                table,
                null,
                300_010,
                2_000,
                300_004,
                0,
                996,
                0,
                4,
                true,
                null,
                Map.of("total", 4L),
                List.of(),
                new FoundCounts(300_000, 0, 4, Map.of("total", 4L)));
    }

    @Test
    void aPartialRunNamesTheTablesItDidNotCompareAndIsNoVerdictOnTheWhole() {
        RunRecord partial = run(1, RunVerdict.CLEAN, RepairSummary.NONE, List.of(clean("orders", 10)));
        RunReport report = new RunReport(partial, List.of());

        assertThat(report.subject())
                .isEqualTo("Partial reconciliation of 1 of 2 tables CLEAN: no confirmed differences in orders;"
                        + " not compared: payments")
                .doesNotStartWith("Reconciliation CLEAN");
        assertThat(report.text())
                .contains("Partial run: 1 of 2 configured tables compared; not compared: payments."
                        + " The verdict covers the tables compared only, not the migration as a whole.")
                .containsSubsequence("Not compared in this run (configured)", "  payments");
        assertThat(report.html()).contains("NOT COMPARED in this run").contains("not the migration as a whole");
    }

    @Test
    void aRunOfEveryConfiguredTableKeepsItsPlainHeadline() {
        RunRecord full =
                run(1, RunVerdict.CLEAN, RepairSummary.NONE, List.of(clean("orders", 10), clean("payments", 3)));

        assertThat(new RunReport(full, List.of()).subject())
                .isEqualTo("Reconciliation CLEAN: 2 tables, no confirmed differences");
        assertThat(new RunReport(full, List.of()).text())
                .doesNotContain("Partial")
                .doesNotContain("Not compared");
    }

    @Test
    void everyDifferenceFoundIsCountedExactlyAndTheReportSaysWhichWereReChecked() {
        RunRecord run =
                run(1, RunVerdict.DIFFERENCES, RepairSummary.NONE, List.of(truncated("orders"), clean("payments", 5)));
        RunReport report = new RunReport(run, List.of());

        assertThat(report.subject())
                .isEqualTo(
                        "Reconciliation DIFFERENCES: 300,004 found in 1 of 2 tables, 1,000 re-checked: 1,000 confirmed");
        assertThat(report.text())
                .contains("300,015 rows compared, 300,004 differences found, 0 in flight, 1,000 confirmed")
                .contains("Re-checked after the settle window: 1,000 of the 300,004 differences found"
                        + " (max-differences per table); 299,004 were not re-checked")
                .contains("found 300,004 differences in 100.00 % of the rows compared: missing 300,000, extra 0,"
                        + " mismatched 4")
                .contains("re-checked 1,000: 1,000 confirmed, 0 in flight; 299,004 not re-checked")
                .contains("confirmed: missing 996  extra 0  mismatched 4; in flight 0")
                .doesNotContain("missing 1,000");
        assertThat(report.html()).contains("300,000").contains("299,004 not re-checked");
    }

    @Test
    void shareOfRowsAffectedIsGivenPerTable() {
        TableRecord few = new TableRecord(
                "orders",
                null,
                400,
                5,
                3,
                0,
                1,
                1,
                1,
                false,
                null,
                Map.of("total", 1L),
                List.of(),
                new FoundCounts(1, 1, 1, Map.of("total", 1L)));
        String text = new RunReport(
                        run(1, RunVerdict.DIFFERENCES, RepairSummary.NONE, List.of(few, clean("payments", 1))),
                        List.of())
                .text();

        assertThat(text).contains("found 3 differences in 0.75 % of the rows compared");
    }

    @Test
    void bothStoresAreNamedWithoutCredentials() {
        RunReport report = new RunReport(
                run(1, RunVerdict.CLEAN, RepairSummary.NONE, List.of(clean("orders", 1), clean("payments", 1))),
                List.of());

        assertThat(report.text())
                .contains("Primary:   MariaDB 10.11.6 at db1.internal:3306, database shop")
                .contains("Secondary: PostgreSQL 15.4 at db2.internal:5432, database shop");
        assertThat(report.html()).contains("Primary: MariaDB 10.11.6 at db1.internal:3306, database shop");
    }

    @Test
    void eachTableWithDifferencesSaysWhatToDoNext() {
        RunRecord run =
                run(1, RunVerdict.DIFFERENCES, RepairSummary.NONE, List.of(truncated("orders"), failed("payments")));
        String text = new RunReport(run, List.of()).text();

        assertThat(text)
                .contains("next: See the repairs with tandem reconcile run --tables=orders --repair, then publish them"
                        + " with tandem reconcile run --tables=orders --repair --execute; 299,004 differences were not"
                        + " re-checked and cannot be repaired by this run")
                .contains("next: cannot be repaired before it is compared: fix what failed, then run tandem reconcile"
                        + " run --tables=payments");
    }

    @Test
    void aRepairDryRunListsEachPlannedRepairAndHowManyWereLeftOut() {
        List<PlannedRepair> listed = IntStream.range(0, PlannedRepair.LISTED)
                .mapToObj(i ->
                        new PlannedRepair("orders", "id=" + i, "delete (the primary has no such row) at version 0"))
                .toList();
        RepairSummary dryRun = new RepairSummary(RepairMode.DRY_RUN, 1_000, 0, 0, 0, listed);
        RunRecord run = run(1, RunVerdict.DIFFERENCES, dryRun, List.of(truncated("orders"), clean("payments", 1)));
        RunReport report = new RunReport(run, List.of());

        assertThat(report.text())
                .containsSubsequence(
                        "Planned repairs (dry run, nothing published)",
                        "orders",
                        "[id=0] delete (the primary has no such row) at version 0",
                        "[id=99]",
                        "… and 900 more not listed (1,000 planned)")
                .contains("next: Publish the repairs listed below with tandem reconcile run --tables=orders --repair"
                        + " --execute");
        assertThat(report.html()).contains("<td>id=42</td>").contains("900 more not listed");
    }

    @Test
    void theTrendComparesOnlyRunsOfTheSameTables() {
        RunRecord fullBefore =
                run(1, RunVerdict.DIFFERENCES, RepairSummary.NONE, List.of(truncated("orders"), clean("payments", 1)));
        RunRecord partialBefore = run(2, RunVerdict.CLEAN, RepairSummary.NONE, List.of(clean("orders", 1)));
        RunRecord partialNow = run(3, RunVerdict.CLEAN, RepairSummary.NONE, List.of(clean("orders", 1)));
        RunRecord fullNow =
                run(4, RunVerdict.CLEAN, RepairSummary.NONE, List.of(clean("orders", 1), clean("payments", 1)));
        List<RunRecord> history = List.of(fullNow, partialNow, partialBefore, fullBefore);

        String partial = new RunReport(partialNow, history).text();
        String full = new RunReport(fullNow, history).text();

        assertThat(partial)
                .contains("Trend (confirmed differences per run of the same tables: orders)")
                .contains("run 2 ")
                .doesNotContain("run 1 ")
                .doesNotContain("run 4 ");
        assertThat(full)
                .contains("Trend (confirmed differences per run of all 2 tables)")
                .contains("run 1 ")
                .contains("(300,004 found, 1,000 re-checked)")
                .doesNotContain("run 2 ")
                .doesNotContain("run 3 ");
    }

    @Test
    void valuesAreShownAsStoredWithControlCharactersEscaped() {
        Sample sample = new Sample(
                DifferenceKind.VALUE_MISMATCH,
                "id=7",
                List.of(
                        new ColumnDifference("amount", "99.90", "99.9000"),
                        new ColumnDifference("placed_at", "2026-11-21 10:15:30", "2026-11-21 10:15:31"),
                        new ColumnDifference("note", "line one\nline two\tend\u001b", "back\\slash")));
        TableRecord table = new TableRecord(
                "orders",
                null,
                3,
                10,
                1,
                0,
                0,
                0,
                1,
                false,
                null,
                Map.of("amount", 1L, "note", 1L, "placed_at", 1L),
                List.of(sample),
                new FoundCounts(0, 0, 1, Map.of("amount", 1L, "note", 1L, "placed_at", 1L)));
        RunReport report = new RunReport(
                run(1, RunVerdict.DIFFERENCES, RepairSummary.NONE, List.of(table, clean("payments", 1))), List.of());

        String text = report.text();
        assertThat(text)
                .contains("amount: primary \"99.90\", secondary \"99.9000\"")
                .contains("placed_at: primary \"2026-11-21 10:15:30\", secondary \"2026-11-21 10:15:31\"")
                .contains("note: primary \"line one\\nline two\\tend\\u001b\", secondary \"back\\\\slash\"");
        assertThat(text.lines().filter(l -> l.contains("line one")))
                .singleElement()
                .asString()
                .contains("line two");
        assertThat(report.html())
                .contains("&quot;line one\\nline two\\tend\\u001b&quot;")
                .doesNotContain("line one\n")
                .contains("99.90");
    }

    static TableRecord failed(String table) {
        return new TableRecord(
                table,
                null,
                0,
                5,
                0,
                0,
                0,
                0,
                0,
                false,
                "No table '" + table + "'",
                Map.of(),
                List.of(),
                FoundCounts.NONE);
    }
}
