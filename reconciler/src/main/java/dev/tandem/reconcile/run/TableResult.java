package dev.tandem.reconcile.run;

import dev.tandem.reconcile.compare.CheckedDifference;
import dev.tandem.reconcile.compare.DifferenceKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of reconciling one table.
 *
 * @param table the table
 * @param rowsCompared keys seen on either side
 * @param took how long the comparison and the re-check took
 * @param found differences found by the comparison, before the re-check
 * @param inFlight of those, how many were gone on re-check
 * @param confirmed confirmed differences by kind
 * @param confirmedByColumn confirmed value mismatches per column
 * @param differences the checked differences kept (at most the configured number; see {@code truncated})
 * @param truncated whether more differences were found than kept and re-checked
 * @param onlyInPrimary columns the secondary lacks (not compared)
 * @param onlyInSecondary columns the primary lacks (not compared)
 */
public record TableResult(
        String table,
        long rowsCompared,
        Duration took,
        long found,
        long inFlight,
        Map<DifferenceKind, Long> confirmed,
        Map<String, Long> confirmedByColumn,
        List<CheckedDifference> differences,
        boolean truncated,
        List<String> onlyInPrimary,
        List<String> onlyInSecondary) {

    public TableResult {
        confirmed = Map.copyOf(confirmed);
        confirmedByColumn = Map.copyOf(confirmedByColumn);
        differences = List.copyOf(differences);
        onlyInPrimary = List.copyOf(onlyInPrimary);
        onlyInSecondary = List.copyOf(onlyInSecondary);
    }

    /** Confirmed differences of every kind. */
    public long confirmedTotal() {
        return confirmed.values().stream().mapToLong(Long::longValue).sum();
    }
}
