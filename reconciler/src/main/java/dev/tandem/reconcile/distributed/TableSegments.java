package dev.tandem.reconcile.distributed;

import dev.tandem.core.compare.CheckedDifference;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.TableResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of one table's segments in one run, the first per segment: a segment compared again
 * (its worker died after publishing, before committing) or a result delivered twice counts once.
 * Once every segment is in, they add up to the table's result as one comparison of the whole table
 * would have given it.
 */
final class TableSegments {

    private final long run;
    private final TableSpec spec;
    private final int segments;
    private final Map<Integer, SegmentResult> results = new TreeMap<>();
    private long duplicates;

    TableSegments(long run, TableSpec spec, int segments) {
        this.run = run;
        this.spec = spec;
        this.segments = segments;
    }

    /** Takes {@code result} if it is the first of one of this table's segments; false if it is not one or a repeat. */
    boolean accept(SegmentResult result) {
        if (result.run() != run
                || !result.table().equalsIgnoreCase(spec.table())
                || result.segment() < 0
                || result.segment() >= segments) {
            return false;
        }
        if (results.putIfAbsent(result.segment(), result) != null) {
            duplicates++;
            return false;
        }
        return true;
    }

    boolean complete() {
        return results.size() == segments;
    }

    /** Whether a segment could not be compared: the table cannot be, waiting for the others is in vain. */
    boolean failed() {
        return results.values().stream().anyMatch(r -> r.error() != null);
    }

    int received() {
        return results.size();
    }

    int segments() {
        return segments;
    }

    /** Results of a segment already in that arrived again (and were not counted). */
    long duplicates() {
        return duplicates;
    }

    /** The rows compared so far, over the segments in. */
    long rowsCompared() {
        return results.values().stream()
                .filter(r -> r.result() != null)
                .mapToLong(r -> r.result().rowsCompared())
                .sum();
    }

    /** Segments that could not be compared, each with its worker and why. */
    List<String> errors() {
        return results.values().stream()
                .filter(r -> r.error() != null)
                .map(r -> "segment " + r.segment() + " (worker " + r.worker() + "): " + r.error())
                .toList();
    }

    /**
     * The table's result: the segments' counts summed, their differences in key order and of those
     * the first {@code maxDifferences}, as one comparison keeps them.
     *
     * @throws IllegalStateException if a segment is missing or could not be compared
     */
    TableResult result(Instant since, Duration took, int maxDifferences) {
        List<String> errors = errors();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Table " + spec.table() + ": " + errors.size() + " of " + segments
                    + " segment(s) could not be compared; first " + errors.get(0));
        }
        if (!complete()) {
            throw new IllegalStateException(
                    "Table " + spec.table() + ": " + received() + " of " + segments + " segments compared");
        }
        long rows = 0;
        long missing = 0;
        long extra = 0;
        long mismatched = 0;
        Map<String, Long> columns = new TreeMap<>();
        List<CheckedDifference> differences = new ArrayList<>();
        boolean truncated = false;
        for (SegmentResult segment : results.values()) {
            TableResult r = segment.result();
            rows += r.rowsCompared();
            missing += r.foundCounts().missing();
            extra += r.foundCounts().extra();
            mismatched += r.foundCounts().mismatched();
            r.foundCounts().columns().forEach((c, n) -> columns.merge(c, n, Long::sum));
            differences.addAll(r.differences());
            truncated |= r.truncated();
        }
        if (differences.size() > maxDifferences) {
            differences = differences.subList(0, maxDifferences);
            truncated = true;
        }
        TableResult first = results.get(0).result();
        return new TableResult(
                spec.table(),
                since,
                first.keyColumns(),
                rows,
                took,
                new FoundCounts(missing, extra, mismatched, columns),
                differences,
                truncated,
                first.onlyInPrimary(),
                first.onlyInSecondary());
    }
}
