package dev.tandem.core.jdbc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A secondary table as its metadata describes it.
 *
 * @param name the name as the database spells it
 * @param columns every column, in table order
 * @param primaryKey the primary-key columns, in key order
 * @param otherUniqueKeys whether a unique index other than the primary key exists; an upsert on
 *     MySQL must then not rely on {@code ON DUPLICATE KEY UPDATE}, which would update whichever row
 *     collides
 * @param foldingKeys the collations of the text key columns that make different texts one key, by
 *     column name (MySQL/MariaDB); the fence identifies such a row by the key as the index sees it
 */
public record Table(
        String name,
        List<Column> columns,
        List<Column> primaryKey,
        boolean otherUniqueKeys,
        Map<String, KeyCollation> foldingKeys) {

    public Table {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foldingKeys = Map.copyOf(foldingKeys);
    }

    /** A table whose keys all compare exactly. */
    public Table(String name, List<Column> columns, List<Column> primaryKey, boolean otherUniqueKeys) {
        this(name, columns, primaryKey, otherUniqueKeys, Map.of());
    }

    /** The collation under which the key column {@code column} folds different texts into one key. */
    public Optional<KeyCollation> foldingCollation(Column column) {
        return Optional.ofNullable(foldingKeys.get(column.name()));
    }

    /**
     * The column named {@code name}: the exact spelling first, else the one column whose name differs
     * only in case.
     */
    public Optional<Column> column(String name) {
        Column caseInsensitive = null;
        int matches = 0;
        for (Column column : columns) {
            if (column.name().equals(name)) {
                return Optional.of(column);
            }
            if (column.name().equalsIgnoreCase(name)) {
                caseInsensitive = column;
                matches++;
            }
        }
        return matches == 1 ? Optional.of(caseInsensitive) : Optional.empty();
    }

    /** The primary-key column names, lower case, for comparing with a mutation's key. */
    public Map<String, Column> primaryKeyByLowerName() {
        Map<String, Column> byName = new LinkedHashMap<>();
        primaryKey.forEach(c -> byName.put(c.name().toLowerCase(Locale.ROOT), c));
        return Collections.unmodifiableMap(byName);
    }
}
