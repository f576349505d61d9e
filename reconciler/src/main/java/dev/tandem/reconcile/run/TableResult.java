package dev.tandem.reconcile.run;

import dev.tandem.core.compare.CheckedDifference;
import dev.tandem.core.compare.Difference;
import dev.tandem.core.compare.DifferenceKind;
import dev.tandem.core.compare.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The outcome of reconciling one table.
 *
 * @param table the table
 * @param since for an incremental run, the rows compared were those changed since then; null for a full run
 * @param keyColumns the key columns, in order, as the primary names them
 * @param rowsCompared keys seen on either side
 * @param took how long the comparison and the re-check took
 * @param foundCounts every difference the comparison found, by kind and column, before the re-check
 * @param differences the checked differences kept (at most the configured number; see {@code truncated})
 * @param truncated whether more differences were found than kept and re-checked
 * @param onlyInPrimary columns the secondary lacks (not compared)
 * @param onlyInSecondary columns the primary lacks (not compared)
 */
public record TableResult(
        String table,
        Instant since,
        List<String> keyColumns,
        long rowsCompared,
        Duration took,
        FoundCounts foundCounts,
        List<CheckedDifference> differences,
        boolean truncated,
        List<String> onlyInPrimary,
        List<String> onlyInSecondary) {

    public TableResult {
        keyColumns = List.copyOf(keyColumns);
        differences = List.copyOf(differences);
        onlyInPrimary = List.copyOf(onlyInPrimary);
        onlyInSecondary = List.copyOf(onlyInSecondary);
        java.util.Objects.requireNonNull(foundCounts, "foundCounts");
    }

    /** Differences found by the comparison, before the re-check. */
    public long found() {
        return foundCounts.total();
    }

    /** Differences that were gone on re-check, or whose row has a write pending on the retry topic. */
    public long inFlight() {
        return differences.stream()
                .filter(d -> d.verdict() == Verdict.IN_FLIGHT)
                .count();
    }

    /** Confirmed differences by kind (as they stood at the re-check). */
    public Map<DifferenceKind, Long> confirmed() {
        Map<DifferenceKind, Long> confirmed = new EnumMap<>(DifferenceKind.class);
        confirmedDifferences().forEach(d -> confirmed.merge(d.kind(), 1L, Long::sum));
        return confirmed;
    }

    /** Confirmed value mismatches per column. */
    public Map<String, Long> confirmedByColumn() {
        Map<String, Long> byColumn = new TreeMap<>();
        confirmedDifferences().forEach(d -> d.columns().forEach(c -> byColumn.merge(c.column(), 1L, Long::sum)));
        return byColumn;
    }

    /** Confirmed differences of every kind. */
    public long confirmedTotal() {
        return differences.size() - inFlight();
    }

    /** The confirmed differences, as they stood at the re-check. */
    public List<Difference> confirmedDifferences() {
        return differences.stream()
                .filter(d -> d.verdict() == Verdict.CONFIRMED)
                .map(CheckedDifference::now)
                .toList();
    }

    /** This result with the confirmed differences that {@code pending} accepts counted as in flight. */
    public TableResult withInFlight(Predicate<Difference> pending) {
        List<CheckedDifference> checked = new ArrayList<>(differences.size());
        for (CheckedDifference d : differences) {
            checked.add(
                    d.verdict() == Verdict.CONFIRMED && pending.test(d.now())
                            ? new CheckedDifference(d.found(), Verdict.IN_FLIGHT, null)
                            : d);
        }
        return new TableResult(
                table,
                since,
                keyColumns,
                rowsCompared,
                took,
                foundCounts,
                checked,
                truncated,
                onlyInPrimary,
                onlyInSecondary);
    }
}
