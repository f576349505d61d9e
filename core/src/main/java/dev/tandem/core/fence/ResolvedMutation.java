package dev.tandem.core.fence;

import dev.tandem.core.Mutation;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.Table;
import java.util.List;

/**
 * A mutation checked against the secondary's schema: its table and columns as the database names
 * them, and every value converted for its column.
 *
 * @param keyValues the primary-key values, in the table's key order
 * @param columns the written non-key columns, in the mutation's order
 * @param values their converted values
 * @param rowKey the mutation's canonical row key, kept because it is costly to build
 * @param keyHash the fence's row identity within the table: the SHA-256 of the canonical row key, or
 *     of the key as the table's index sees it where a key column's collation folds texts
 */
record ResolvedMutation(
        Mutation mutation,
        Table table,
        List<Object> keyValues,
        List<Column> columns,
        List<Object> values,
        String rowKey,
        byte[] keyHash) {

    /** This mutation identified in the fence by {@code hash} instead (see {@link FoldedKeys}). */
    ResolvedMutation withKeyHash(byte[] hash) {
        return new ResolvedMutation(mutation, table, keyValues, columns, values, rowKey, hash);
    }

    FenceState state() {
        return FenceState.of(mutation);
    }
}
