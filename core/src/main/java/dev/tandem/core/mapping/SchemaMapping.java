package dev.tandem.core.mapping;

import dev.tandem.core.Mutation;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.SchemaCatalog;
import dev.tandem.core.jdbc.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the secondary's schema differs from the primary's, table by table; tables not declared are
 * the same in both stores. Mutations, retry-topic envelopes and the reconciler's configuration keep
 * the primary's names; this mapping is applied where they meet the secondary.
 */
public final class SchemaMapping {

    /** No table renamed, no column changed. */
    public static final SchemaMapping NONE = new SchemaMapping(List.of());

    private final Map<String, TableMapping> tables;

    private SchemaMapping(List<TableMapping> tables) {
        Map<String, TableMapping> byLowerName = new LinkedHashMap<>();
        Map<String, String> targets = new HashMap<>();
        for (TableMapping table : tables) {
            if (byLowerName.put(TableMapping.lower(table.primaryName()), table) != null) {
                throw new IllegalArgumentException("Table '" + table.primaryName() + "' is mapped twice");
            }
            String other = targets.put(TableMapping.lower(table.secondaryName()), table.primaryName());
            if (other != null) {
                throw new IllegalArgumentException("Tables '" + other + "' and '" + table.primaryName()
                        + "' are both mapped to the secondary's '" + table.secondaryName() + "'");
            }
        }
        this.tables = Map.copyOf(byLowerName);
    }

    /** A mapping of {@code tables}; tables not among them are the same in both stores. */
    public static SchemaMapping of(List<TableMapping> tables) {
        return tables.isEmpty() ? NONE : new SchemaMapping(tables);
    }

    /** How the primary's table {@code primaryTable} reaches the secondary. */
    public TableMapping table(String primaryTable) {
        TableMapping declared = tables.get(TableMapping.lower(primaryTable));
        return declared != null ? declared : TableMapping.identity(primaryTable);
    }

    /** The declared tables. */
    public List<TableMapping> tables() {
        return List.copyOf(tables.values());
    }

    /** {@code mutation}, with primary names and values, as the secondary must receive it. */
    public Mutation toSecondary(Mutation mutation) {
        return tables.isEmpty() ? mutation : table(mutation.table()).toSecondary(mutation);
    }

    /**
     * Checks every declared table and column against the secondary's schema, and against the
     * primary's when {@code primary} is not null.
     *
     * @throws MappingException naming the first table, column or conversion that does not fit
     */
    public void validate(Connection primary, Connection secondary) throws SQLException {
        SchemaCatalog primaryCatalog = primary == null ? null : new SchemaCatalog(Dialect.of(primary));
        SchemaCatalog secondaryCatalog = new SchemaCatalog(Dialect.of(secondary));
        List<String> problems = new ArrayList<>();
        for (TableMapping mapping : tables.values()) {
            String name = "table '" + mapping.primaryName() + "'";
            Optional<Table> p =
                    primaryCatalog == null ? Optional.empty() : primaryCatalog.table(primary, mapping.primaryName());
            if (primaryCatalog != null && p.isEmpty()) {
                problems.add(name + ": the primary has no such table");
                continue;
            }
            Optional<Table> s = secondaryCatalog.table(secondary, mapping.secondaryName());
            if (s.isEmpty()) {
                problems.add(
                        name + " is mapped to '" + mapping.secondaryName() + "', which the secondary does not have");
                continue;
            }
            validateColumns(mapping, p.orElse(null), s.get(), problems);
        }
        if (!problems.isEmpty()) {
            throw new MappingException(
                    "The schema mapping (tandem.mapping) does not fit the stores: " + String.join("; ", problems));
        }
    }

    private static void validateColumns(TableMapping mapping, Table primary, Table secondary, List<String> problems) {
        Map<String, String> targets = new HashMap<>();
        for (ColumnMapping column : mapping.columns().values()) {
            String key = "column '" + mapping.primaryName() + "." + column.primaryName() + "'";
            Column p = primary == null
                    ? null
                    : primary.column(column.primaryName()).orElse(null);
            if (primary != null && p == null) {
                problems.add(key + ": the primary's table has no such column");
                continue;
            }
            boolean isKey = primary != null
                    && primary.primaryKey().stream().anyMatch(k -> k.name().equalsIgnoreCase(column.primaryName()));
            if (column.dropped()) {
                if (isKey) {
                    problems.add(key + " is a primary-key column; it cannot be dropped");
                }
                continue;
            }
            String other = targets.put(TableMapping.lower(column.secondaryName()), column.primaryName());
            if (other != null) {
                problems.add(key + " and column '" + other + "' are both mapped to '" + column.secondaryName() + "'");
            }
            Column s = secondary.column(column.secondaryName()).orElse(null);
            if (s == null) {
                problems.add(key + " is mapped to '" + secondary.name() + "." + column.secondaryName()
                        + "', which the secondary does not have");
                continue;
            }
            if (isKey && column.conversion() != Conversion.NONE && column.conversion() != Conversion.WIDEN_INTEGER) {
                problems.add(key + " (" + column.conversion()
                        + "): the conversion changes key values; a key column may only be renamed or widened");
                continue;
            }
            String problem = p == null ? null : column.conversion().problem(p, s);
            if (problem != null) {
                problems.add(key + " (" + column.conversion() + "): the conversion " + problem);
            }
        }
    }

    @Override
    public String toString() {
        return "SchemaMapping" + tables.values();
    }
}
