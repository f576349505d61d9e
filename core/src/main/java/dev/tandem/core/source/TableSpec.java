package dev.tandem.core.source;

import dev.tandem.core.compare.ColumnOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to compare of one table.
 *
 * @param table the table name (the same in both stores)
 * @param keyColumns the key, in order; empty for the primary key
 * @param ignored columns left out of the comparison
 * @param options per-column options (masking, float tolerance); absent columns use the default
 * @param versionColumn the primary's row version column (repairs are published at its value), or null
 * @param updatedAtColumn a timestamp column every write sets, for incremental runs; or null (always full)
 */
public record TableSpec(
        String table,
        List<String> keyColumns,
        Set<String> ignored,
        Map<String, ColumnOptions> options,
        String versionColumn,
        String updatedAtColumn) {

    public TableSpec {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("A table to reconcile needs a name");
        }
        keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
        ignored = ignored == null ? Set.of() : Set.copyOf(ignored);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** Without a version column. */
    public TableSpec(String table, List<String> keyColumns, Set<String> ignored, Map<String, ColumnOptions> options) {
        this(table, keyColumns, ignored, options, null, null);
    }

    /** The whole table by its primary key, every column compared, nothing masked. */
    public static TableSpec of(String table) {
        return new TableSpec(table, List.of(), Set.of(), Map.of());
    }

    ColumnOptions optionsOf(String column) {
        return options.getOrDefault(column, ColumnOptions.DEFAULT);
    }
}
