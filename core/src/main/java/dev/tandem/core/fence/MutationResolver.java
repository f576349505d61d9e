package dev.tandem.core.fence;

import dev.tandem.core.InvalidMutationException;
import dev.tandem.core.Mutation;
import dev.tandem.core.RowKey;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnValues;
import dev.tandem.core.jdbc.SchemaCatalog;
import dev.tandem.core.jdbc.Table;
import dev.tandem.core.mapping.SchemaMapping;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a mutation against the secondary's schema. Names come from outside (the mutation), so they
 * are only ever used after they matched a real table or column; values must fit their columns.
 */
final class MutationResolver {

    private final SchemaCatalog catalog;
    private final SchemaMapping mapping;
    private final FoldedKeys foldedKeys;

    MutationResolver(SchemaCatalog catalog, SchemaMapping mapping, FoldedKeys foldedKeys) {
        this.catalog = catalog;
        this.mapping = mapping;
        this.foldedKeys = foldedKeys;
    }

    /**
     * Each of {@code given} resolved, in order, and identified in the fence the way its table's
     * primary key identifies rows (see {@link FoldedKeys}).
     */
    List<ResolvedMutation> resolveAll(Connection connection, List<Mutation> given) throws SQLException {
        List<ResolvedMutation> resolved = new ArrayList<>(given.size());
        for (Mutation mutation : given) {
            resolved.add(resolve(connection, mutation));
        }
        return foldedKeys.identify(connection, resolved);
    }

    /**
     * {@code given} (the primary's names and values) mapped to the secondary's schema and checked
     * against it. The fence identifies the row by the given (primary-side) row key, so a renamed key
     * column keeps every path (direct, retry, repair, backfill) on one fence row.
     */
    private ResolvedMutation resolve(Connection connection, Mutation given) throws SQLException {
        Mutation mutation;
        try {
            mutation = mapping.toSecondary(given);
        } catch (IllegalArgumentException e) {
            throw new InvalidMutationException(given, null, e.getMessage());
        }
        String rowKey = given.rowKey();
        Table table = catalog.table(connection, mutation.table())
                .orElseThrow(() -> new InvalidMutationException(mutation, null, "no such table in the secondary"));
        try {
            return resolve(mutation, table, rowKey);
        } catch (InvalidMutationException e) {
            // The table may have changed since it was read (say, a column added for the migration):
            // read it once more before refusing the mutation.
            Optional<Table> current = catalog.reload(connection, mutation.table());
            if (current.isEmpty() || current.get().equals(table)) {
                throw e;
            }
            return resolve(mutation, current.get(), rowKey);
        }
    }

    private ResolvedMutation resolve(Mutation mutation, Table table, String rowKey) {
        if (table.primaryKey().isEmpty()) {
            throw new InvalidMutationException(mutation, null, "table " + table.name() + " has no primary key");
        }
        List<Object> keyValues = resolveKey(mutation, table);
        List<Column> columns = new ArrayList<>(mutation.columns().size());
        List<Object> values = new ArrayList<>(mutation.columns().size());
        for (Map.Entry<String, Object> entry : mutation.columns().entrySet()) {
            Column column = table.column(entry.getKey())
                    .orElseThrow(() -> new InvalidMutationException(
                            mutation, entry.getKey(), "no such column in table " + table.name()));
            if (isKeyColumn(table, column)) {
                throw new InvalidMutationException(
                        mutation, entry.getKey(), "is a primary-key column; it belongs in the key");
            }
            if (containsSame(columns, column)) {
                throw new InvalidMutationException(mutation, entry.getKey(), "is named twice");
            }
            columns.add(column);
            values.add(convert(mutation, column, entry.getKey(), entry.getValue()));
        }
        return new ResolvedMutation(mutation, table, keyValues, columns, values, rowKey, RowKey.hash(rowKey));
    }

    private List<Object> resolveKey(Mutation mutation, Table table) {
        List<Column> key = table.primaryKey();
        for (String given : mutation.key().keySet()) {
            if (keyColumnNamed(key, given) == null) {
                throw new InvalidMutationException(
                        mutation,
                        given,
                        "is not a primary-key column of " + table.name() + " (key: "
                                + table.primaryKeyByLowerName().keySet() + ")");
            }
        }
        List<Object> values = new ArrayList<>(key.size());
        for (Column column : key) {
            Map.Entry<String, Object> entry = null;
            for (Map.Entry<String, Object> given : mutation.key().entrySet()) {
                if (given.getKey().equalsIgnoreCase(column.name())) {
                    entry = given;
                    break;
                }
            }
            if (entry == null) {
                throw new InvalidMutationException(
                        mutation, column.name(), "primary-key column is missing from the key");
            }
            values.add(convert(mutation, column, entry.getKey(), entry.getValue()));
        }
        if (mutation.key().size() != values.size()) {
            throw new InvalidMutationException(mutation, null, "key names a primary-key column twice");
        }
        return values;
    }

    /** The key column whose name equals {@code name} but for case, or null. */
    private static Column keyColumnNamed(List<Column> key, String name) {
        for (Column column : key) {
            if (column.name().equalsIgnoreCase(name)) {
                return column;
            }
        }
        return null;
    }

    /** By name: a table's column names are unique, and comparing whole columns costs more. */
    private static boolean isKeyColumn(Table table, Column column) {
        for (Column key : table.primaryKey()) {
            if (key.name().equals(column.name())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code columns} holds this very column (the table hands out one instance per column). */
    private static boolean containsSame(List<Column> columns, Column column) {
        for (Column c : columns) {
            if (c == column) {
                return true;
            }
        }
        return false;
    }

    private static Object convert(Mutation mutation, Column column, String given, Object value) {
        try {
            return ColumnValues.convert(column, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidMutationException(mutation, given, column.typeName() + " column " + e.getMessage());
        }
    }
}
