package dev.tandem.dualwrite.migration;

import dev.tandem.core.compare.ColumnComparison;
import dev.tandem.core.compare.ColumnOptions;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares a row of one store with the same row of the other by the reconciler's canonical rules
 * ({@link ColumnComparison}), over the columns both tables have, leaving out {@code ignored} ones.
 */
final class RowComparator {

    private final Set<String> ignored;
    private final Map<String, List<ColumnComparison>> comparisons = new ConcurrentHashMap<>();

    /** @param ignored column names (lower case) left out of every comparison */
    RowComparator(Set<String> ignored) {
        this.ignored = Set.copyOf(ignored);
    }

    /** Whether the rows are the same: both absent, or both present with equal values in every shared column. */
    boolean same(Table left, Map<String, Object> leftRow, Table right, Map<String, Object> rightRow) {
        if (leftRow == null || rightRow == null) {
            return leftRow == null && rightRow == null;
        }
        for (ColumnComparison column : comparisons(left, right)) {
            if (!column.equal(leftRow.get(column.name()), rightRow.get(peerName(right, column.name())))) {
                return false;
            }
        }
        return true;
    }

    private List<ColumnComparison> comparisons(Table left, Table right) {
        return comparisons.computeIfAbsent(left.name() + "\u0000" + right.name(), k -> {
            List<ColumnComparison> shared = new ArrayList<>();
            for (Column column : left.columns()) {
                if (ignored.contains(column.name().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                right.column(column.name())
                        .ifPresent(peer ->
                                shared.add(new ColumnComparison(column.name(), column, peer, ColumnOptions.DEFAULT)));
            }
            return shared;
        });
    }

    private static String peerName(Table right, String name) {
        return right.column(name).map(Column::name).orElse(name);
    }
}
