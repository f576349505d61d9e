package dev.tandem.core.compare;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Compares two row streams sorted by {@link KeyOrder} in one pass, holding one row of each side at a
 * time, so memory stays flat whatever the table size.
 */
public final class MergeJoin {

    /** What a masked column's values are shown as. */
    public static final String MASK = "***";

    private final List<ColumnComparison> columns;

    /** @param columns how each compared column is compared, in the rows' value order */
    public MergeJoin(List<ColumnComparison> columns) {
        this.columns = List.copyOf(columns);
    }

    /**
     * Streams both sides through, calling {@code differences} for each difference.
     *
     * @return how many rows were compared (keys seen on either side)
     * @throws IllegalStateException if a side is not in key order
     */
    public long compare(Iterator<SourceRow> primary, Iterator<SourceRow> secondary, Consumer<Difference> differences) {
        long rows = 0;
        SourceRow p = next(primary, null, "primary");
        SourceRow s = next(secondary, null, "secondary");
        while (p != null || s != null) {
            rows++;
            int order = p == null ? 1 : s == null ? -1 : KeyOrder.INSTANCE.compare(p.key(), s.key());
            if (order < 0) {
                differences.accept(new Difference(DifferenceKind.MISSING_IN_SECONDARY, p.key(), List.of()));
                p = next(primary, p, "primary");
            } else if (order > 0) {
                differences.accept(new Difference(DifferenceKind.EXTRA_IN_SECONDARY, s.key(), List.of()));
                s = next(secondary, s, "secondary");
            } else {
                List<Difference.ColumnDifference> differing = differingColumns(p, s);
                if (!differing.isEmpty()) {
                    differences.accept(new Difference(DifferenceKind.VALUE_MISMATCH, p.key(), differing));
                }
                p = next(primary, p, "primary");
                s = next(secondary, s, "secondary");
            }
        }
        return rows;
    }

    private List<Difference.ColumnDifference> differingColumns(SourceRow p, SourceRow s) {
        List<Difference.ColumnDifference> differing = null;
        for (int i = 0; i < columns.size(); i++) {
            ColumnComparison column = columns.get(i);
            Object a = p.values().get(i);
            Object b = s.values().get(i);
            if (!column.equal(a, b)) {
                if (differing == null) {
                    differing = new ArrayList<>();
                }
                differing.add(
                        column.options().masked()
                                ? new Difference.ColumnDifference(column.name(), MASK, MASK)
                                : shown(column.name(), column.storedPrimary(a), column.storedSecondary(b)));
            }
        }
        return differing == null ? List.of() : differing;
    }

    private static SourceRow next(Iterator<SourceRow> side, SourceRow previous, String name) {
        if (!side.hasNext()) {
            return null;
        }
        SourceRow row = side.next();
        if (previous != null && KeyOrder.INSTANCE.compare(previous.key(), row.key()) >= 0) {
            throw new IllegalStateException("The " + name + " side is not in key order: " + row.key()
                    + " came after " + previous.key() + "; text keys must be ordered by their bytes"
                    + " (COLLATE \"C\" on PostgreSQL, a _bin collation on MySQL)");
        }
        return row;
    }

    /**
     * The two values (as stored, tagged like their canonical texts) as reports show them: without their type tag ({@code n:}, {@code s:}
     * …) when both sides have the same type, with it when the types differ.
     */
    static Difference.ColumnDifference shown(String column, String primary, String secondary) {
        boolean sameType = primary == null || secondary == null || primary.regionMatches(0, secondary, 0, 2);
        return sameType
                ? new Difference.ColumnDifference(column, untagged(primary), untagged(secondary))
                : new Difference.ColumnDifference(column, primary, secondary);
    }

    private static String untagged(String canonical) {
        return canonical == null || canonical.length() < 2 || canonical.charAt(1) != ':'
                ? canonical
                : canonical.substring(2);
    }
}
