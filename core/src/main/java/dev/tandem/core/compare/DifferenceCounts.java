package dev.tandem.core.compare;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Counts every difference it is given, by kind and by differing column, keeping none: what a
 * comparison found in full, however few of the differences are kept and re-checked.
 */
public final class DifferenceCounts implements Consumer<Difference> {

    private final Map<DifferenceKind, Long> byKind = new EnumMap<>(DifferenceKind.class);
    private final Map<String, Long> byColumn = new TreeMap<>();
    private long total;

    @Override
    public void accept(Difference difference) {
        total++;
        byKind.merge(difference.kind(), 1L, Long::sum);
        for (Difference.ColumnDifference column : difference.columns()) {
            byColumn.merge(column.column(), 1L, Long::sum);
        }
    }

    /** Differences counted. */
    public long total() {
        return total;
    }

    /** Differences of {@code kind} counted. */
    public long of(DifferenceKind kind) {
        return byKind.getOrDefault(kind, 0L);
    }

    /** Value mismatches counted per column, by column name (a row that differs in two columns counts in each). */
    public Map<String, Long> byColumn() {
        return Collections.unmodifiableMap(byColumn);
    }
}
