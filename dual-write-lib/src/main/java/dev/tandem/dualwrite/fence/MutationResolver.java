package dev.tandem.dualwrite.fence;

import dev.tandem.dualwrite.InvalidMutationException;
import dev.tandem.dualwrite.Mutation;
import dev.tandem.dualwrite.jdbc.Column;
import dev.tandem.dualwrite.jdbc.ColumnValues;
import dev.tandem.dualwrite.jdbc.SchemaCatalog;
import dev.tandem.dualwrite.jdbc.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a mutation against the secondary's schema. Names come from outside (the mutation), so they
 * are only ever used after they matched a real table or column; values must fit their columns.
 */
final class MutationResolver {

    private final SchemaCatalog catalog;

    MutationResolver(SchemaCatalog catalog) {
        this.catalog = catalog;
    }

    ResolvedMutation resolve(Connection connection, Mutation mutation) throws SQLException {
        Table table = catalog.table(connection, mutation.table())
                .orElseThrow(() -> new InvalidMutationException(mutation, null, "no such table in the secondary"));
        try {
            return resolve(mutation, table);
        } catch (InvalidMutationException e) {
            // The table may have changed since it was read (say, a column added for the migration):
            // read it once more before refusing the mutation.
            Optional<Table> current = catalog.reload(connection, mutation.table());
            if (current.isEmpty() || current.get().equals(table)) {
                throw e;
            }
            return resolve(mutation, current.get());
        }
    }

    private ResolvedMutation resolve(Mutation mutation, Table table) {
        if (table.primaryKey().isEmpty()) {
            throw new InvalidMutationException(mutation, null, "table " + table.name() + " has no primary key");
        }
        List<Object> keyValues = resolveKey(mutation, table);
        List<Column> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<String, Object> entry : mutation.columns().entrySet()) {
            Column column = table.column(entry.getKey())
                    .orElseThrow(() -> new InvalidMutationException(
                            mutation, entry.getKey(), "no such column in table " + table.name()));
            if (table.primaryKey().contains(column)) {
                throw new InvalidMutationException(
                        mutation, entry.getKey(), "is a primary-key column; it belongs in the key");
            }
            if (!seen.add(column.name())) {
                throw new InvalidMutationException(mutation, entry.getKey(), "is named twice");
            }
            columns.add(column);
            values.add(convert(mutation, column, entry.getKey(), entry.getValue()));
        }
        return new ResolvedMutation(mutation, table, keyValues, columns, values, hash(mutation.rowKey()));
    }

    private List<Object> resolveKey(Mutation mutation, Table table) {
        Map<String, Column> expected = table.primaryKeyByLowerName();
        for (String given : mutation.key().keySet()) {
            if (!expected.containsKey(given.toLowerCase(Locale.ROOT))) {
                throw new InvalidMutationException(
                        mutation,
                        given,
                        "is not a primary-key column of " + table.name() + " (key: " + expected.keySet() + ")");
            }
        }
        List<Object> values = new ArrayList<>();
        for (Column column : table.primaryKey()) {
            Map.Entry<String, Object> entry = mutation.key().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(column.name()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidMutationException(
                            mutation, column.name(), "primary-key column is missing from the key"));
            values.add(convert(mutation, column, entry.getKey(), entry.getValue()));
        }
        if (mutation.key().size() != values.size()) {
            throw new InvalidMutationException(mutation, null, "key names a primary-key column twice");
        }
        return values;
    }

    private static Object convert(Mutation mutation, Column column, String given, Object value) {
        try {
            return ColumnValues.convert(column, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidMutationException(mutation, given, column.typeName() + " column " + e.getMessage());
        }
    }

    static byte[] hash(String rowKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(rowKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
