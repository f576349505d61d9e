package dev.tandem.core.mapping;

import dev.tandem.core.Mutation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one primary table reaches the secondary: its name there and its declared columns (columns not
 * declared keep their name and value).
 *
 * @param primaryName the table's name in the primary
 * @param secondaryName its name in the secondary (the same unless renamed)
 * @param columns the declared columns, by the primary's column name
 */
public record TableMapping(String primaryName, String secondaryName, Map<String, ColumnMapping> columns) {

    public TableMapping {
        if (primaryName == null || primaryName.isBlank()) {
            throw new IllegalArgumentException("A table mapping needs the primary's table name");
        }
        secondaryName = secondaryName == null || secondaryName.isBlank() ? primaryName : secondaryName;
        Map<String, ColumnMapping> byLowerName = new LinkedHashMap<>();
        if (columns != null) {
            for (ColumnMapping column : columns.values()) {
                if (byLowerName.put(lower(column.primaryName()), column) != null) {
                    throw new IllegalArgumentException(
                            "Table '" + primaryName + "' maps column '" + column.primaryName() + "' twice");
                }
            }
        }
        columns = Map.copyOf(byLowerName);
    }

    /** The table as it is, under the same name. */
    public static TableMapping identity(String name) {
        return new TableMapping(name, name, Map.of());
    }

    /** How the primary's column {@code primaryColumn} reaches the secondary (as it is when not declared). */
    public ColumnMapping column(String primaryColumn) {
        ColumnMapping declared = columns.get(lower(primaryColumn));
        return declared != null ? declared : ColumnMapping.identity(primaryColumn);
    }

    /** The secondary's names of the primary's columns {@code primaryColumns}, in order. */
    public List<String> secondaryNames(List<String> primaryColumns) {
        return primaryColumns.stream().map(c -> column(c).secondaryName()).toList();
    }

    /** Whether nothing changes: same table name, no declared column. */
    public boolean isIdentity() {
        return columns.isEmpty() && primaryName.equals(secondaryName);
    }

    /**
     * {@code mutation} (primary names and values) with the secondary's table and column names and
     * converted values; dropped columns left out. Write id, version and operation are kept.
     *
     * @throws IllegalArgumentException naming the column whose value cannot be converted
     */
    public Mutation toSecondary(Mutation mutation) {
        if (isIdentity()) {
            return mutation;
        }
        Mutation.Builder mapped = (mutation.isDelete()
                        ? Mutation.delete(secondaryName)
                        : Mutation.upsert(secondaryName))
                .writeId(mutation.writeId())
                .version(mutation.version())
                .committedAt(mutation.committedAt())
                .attempt(mutation.attempt())
                .repair(mutation.repair());
        mutation.key().forEach((name, value) -> {
            ColumnMapping column = column(name);
            mapped.key(column.secondaryName(), convert(column, value));
        });
        mutation.columns().forEach((name, value) -> {
            ColumnMapping column = column(name);
            if (!column.dropped()) {
                mapped.column(column.secondaryName(), convert(column, value));
            }
        });
        return mapped.build();
    }

    private Object convert(ColumnMapping column, Object value) {
        try {
            return column.convert(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Column '" + column.primaryName() + "' of table '" + primaryName + "': " + e.getMessage(), e);
        }
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
