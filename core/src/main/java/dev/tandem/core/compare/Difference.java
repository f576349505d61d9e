package dev.tandem.core.compare;

import java.util.List;

/**
 * A row that differs.
 *
 * @param kind how
 * @param key the row's key values
 * @param columns the differing columns, for a {@link DifferenceKind#VALUE_MISMATCH}; empty otherwise
 */
public record Difference(DifferenceKind kind, List<Object> key, List<ColumnDifference> columns) {

    public Difference {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
    }

    /**
     * One differing column, with both values as stored (decimals with their scale, zone-less
     * timestamps without a zone; type tags such as {@code n:} only when the two types differ), or a
     * mask when the column is masked.
     *
     * @param column the column name
     * @param primary the primary's value (null for NULL)
     * @param secondary the secondary's value (null for NULL)
     */
    public record ColumnDifference(String column, String primary, String secondary) {}
}
