package dev.tandem.reconcile.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tandem.core.compare.DifferenceKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a run found in one table, as it is stored and reported.
 *
 * @param table the table
 * @param since for an incremental run, rows changed since then were compared; null for a full run
 * @param rowsCompared keys seen on either side
 * @param tookMillis how long comparing and re-checking took
 * @param found differences found before the re-check
 * @param inFlight of the re-checked ones, those gone or pending on the retry topic
 * @param missing confirmed rows missing in the secondary
 * @param extra confirmed rows only in the secondary
 * @param mismatched confirmed rows with differing values
 * @param truncated whether more were found than re-checked (the confirmed counts then cover only the
 *     re-checked ones; {@code foundCounts} counts them all)
 * @param error why the table could not be compared, or null
 * @param columns confirmed value mismatches per column
 * @param samples some confirmed differences
 * @param foundCounts every difference found, by kind and column, exactly; null for a run stored
 *     before they were counted
 */
public record TableRecord(
        String table,
        Instant since,
        long rowsCompared,
        long tookMillis,
        long found,
        long inFlight,
        long missing,
        long extra,
        long mismatched,
        boolean truncated,
        String error,
        Map<String, Long> columns,
        List<Sample> samples,
        FoundCounts foundCounts) {

    public TableRecord {
        columns = Map.copyOf(columns);
        samples = List.copyOf(samples);
    }

    /** A table whose differences were not counted by kind and column. */
    public TableRecord(
            String table,
            Instant since,
            long rowsCompared,
            long tookMillis,
            long found,
            long inFlight,
            long missing,
            long extra,
            long mismatched,
            boolean truncated,
            String error,
            Map<String, Long> columns,
            List<Sample> samples) {
        this(
                table,
                since,
                rowsCompared,
                tookMillis,
                found,
                inFlight,
                missing,
                extra,
                mismatched,
                truncated,
                error,
                columns,
                samples,
                null);
    }

    static TableRecord of(TableResult result, int samples) {
        Map<DifferenceKind, Long> confirmed = result.confirmed();
        return new TableRecord(
                result.table(),
                result.since(),
                result.rowsCompared(),
                result.took().toMillis(),
                result.found(),
                result.inFlight(),
                confirmed.getOrDefault(DifferenceKind.MISSING_IN_SECONDARY, 0L),
                confirmed.getOrDefault(DifferenceKind.EXTRA_IN_SECONDARY, 0L),
                confirmed.getOrDefault(DifferenceKind.VALUE_MISMATCH, 0L),
                result.truncated(),
                null,
                result.confirmedByColumn(),
                result.confirmedDifferences().stream()
                        .limit(samples)
                        .map(d -> Sample.of(result.keyColumns(), d))
                        .toList(),
                result.foundCounts());
    }

    static TableRecord failed(String table, long tookMillis, String error) {
        return new TableRecord(
                table, null, 0, tookMillis, 0, 0, 0, 0, 0, false, error, Map.of(), List.of(), FoundCounts.NONE);
    }

    /** Confirmed differences of every kind. */
    @JsonProperty
    public long confirmed() {
        return missing + extra + mismatched;
    }

    /** Differences re-checked after the settle window (each ends confirmed or in flight). */
    @JsonProperty
    public long rechecked() {
        return confirmed() + inFlight;
    }

    /** Differences found but not re-checked (beyond {@code max-differences}). */
    @JsonProperty
    public long notRechecked() {
        return Math.max(0, found - rechecked());
    }
}
