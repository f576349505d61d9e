package dev.tandem.reconcile.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.compare.Difference.ColumnDifference;
import dev.tandem.core.compare.DifferenceKind;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RepairSummary;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.Sample;
import dev.tandem.reconcile.run.TableRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunReportTest {

    private static final Instant START = Instant.parse("2026-11-22T06:00:00Z");

    private static RunRecord run(long id, RunVerdict verdict, List<TableRecord> tables) {
        return new RunRecord(
                id,
                "schedule",
                START.plusSeconds(id * 86_400),
                START.plusSeconds(id * 86_400 + 75),
                verdict,
                true,
                RepairSummary.NONE,
                tables,
                null);
    }

    private static TableRecord clean(String table, long rows) {
        return new TableRecord(table, null, rows, 1_000, 0, 0, 0, 0, 0, false, null, Map.of(), List.of());
    }

    @Test
    void subjectPutsTheVerdictFirstWithTheCounts() {
        TableRecord differing =
                new TableRecord("orders", null, 10, 5, 3, 1, 1, 0, 1, false, null, Map.of("total", 1L), List.of());

        assertThat(new RunReport(run(1, RunVerdict.CLEAN, List.of(clean("a", 5), clean("b", 7))), List.of()).subject())
                .isEqualTo("Reconciliation CLEAN: 2 tables, no confirmed differences");
        assertThat(new RunReport(run(1, RunVerdict.DIFFERENCES, List.of(differing, clean("b", 7))), List.of())
                        .subject())
                .isEqualTo("Reconciliation DIFFERENCES: 2 confirmed in 1 of 2 tables");
        assertThat(new RunReport(run(1, RunVerdict.FAILED, List.of(failed("orders"))), List.of()).subject())
                .isEqualTo("Reconciliation FAILED: 1 of 1 table could not be compared");
    }

    @Test
    void htmlEscapesEverythingTakenFromTheDatabases() {
        Sample sample = new Sample(
                DifferenceKind.VALUE_MISMATCH,
                "id=<b>1</b>",
                List.of(new ColumnDifference("note", "<script>alert(1)</script>", "a & b")));
        TableRecord table =
                new TableRecord("t<1>", null, 3, 10, 1, 0, 0, 0, 1, false, null, Map.of("note", 1L), List.of(sample));

        String html = new RunReport(run(1, RunVerdict.DIFFERENCES, List.of(table)), List.of()).html();

        assertThat(html)
                .doesNotContain("<script>")
                .doesNotContain("<b>1</b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("a &amp; b")
                .contains("t&lt;1&gt;");
    }

    @Test
    void trendShowsEarlierRunsOldestFirstThenThisOne() {
        RunRecord first = run(1, RunVerdict.CLEAN, List.of(clean("a", 5)));
        RunRecord second = run(
                2,
                RunVerdict.DIFFERENCES,
                List.of(new TableRecord("a", null, 5, 1, 4, 0, 4, 0, 0, false, null, Map.of(), List.of())));
        RunRecord third = run(3, RunVerdict.CLEAN, List.of(clean("a", 5)));

        String text = new RunReport(third, List.of(third, second, first)).text();

        assertThat(text).containsSubsequence("run 1 ", "run 2 ", "DIFFERENCES 4", "run 3 ", "(this run)");
        assertThat(new RunReport(third, List.of(second, first)).html())
                .contains("Trend")
                .contains("(this run)");
    }

    @Test
    void repairAndUnconsultedRetryTopicAreSaid() {
        RunRecord repaired = new RunRecord(
                4,
                "cli",
                START,
                START.plusSeconds(3),
                RunVerdict.DIFFERENCES,
                false,
                new RepairSummary(RepairMode.EXECUTE, 2, 2, 1, 1),
                List.of(new TableRecord("a", null, 5, 1, 2, 0, 2, 0, 0, false, null, Map.of(), List.of())),
                null);

        String text = new RunReport(repaired, List.of()).text();

        assertThat(text)
                .contains("Repair: 2 repair(s) published, 1 verified equal, 1 still different")
                .contains("the retry topic was not consulted");
    }

    @Test
    void aRunThatFollowedAMigrationStatesWhichStoreWasComparedAsThePrimary() {
        RunRecord clean = run(5, RunVerdict.CLEAN, List.of(clean("a", 5)));
        RunRecord reversed = new RunRecord(
                clean.id(),
                clean.trigger(),
                clean.startedAt(),
                clean.finishedAt(),
                clean.verdict(),
                clean.pendingChecked(),
                clean.repair(),
                clean.tables(),
                "target -> origin (migration 'orders' REVERSED primary=TARGET epoch=7)");

        assertThat(new RunReport(reversed, List.of()).text())
                .contains("Compared target -> origin (migration 'orders' REVERSED primary=TARGET epoch=7)");
        assertThat(new RunReport(reversed, List.of()).html())
                .contains("Compared target -&gt; origin (migration &#39;orders&#39; REVERSED primary=TARGET epoch=7).");
        assertThat(new RunReport(clean, List.of()).text()).doesNotContain("Compared ");
    }

    private static TableRecord failed(String table) {
        return new TableRecord(table, null, 0, 5, 0, 0, 0, 0, 0, false, "No table 'orders'", Map.of(), List.of());
    }
}
