package dev.tandem.core.fence;

import dev.tandem.core.jdbc.Dialect;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.SortedMap;

/**
 * The in-table fence's row locks: a row's key hash falls into one of {@value #STRIPES} stripes,
 * locked for the rest of the transaction, shared or exclusive ({@link Dialect#inTableFenceLocks}: on
 * PostgreSQL advisory transaction locks, which cost no table write and need no row to exist, as a
 * delete of a row never written needs). A batch takes all its stripes before any other lock, in
 * ascending order, so that appliers cannot deadlock on them; a bounded number of stripes keeps the
 * server's lock table from filling up with large batches.
 */
final class StripeLocks {

    static final int STRIPES = 256;

    private StripeLocks() {}

    /** The stripe of the row {@code keyHash} of {@code table}: the same in every applier. */
    static int stripe(String table, byte[] keyHash) {
        return Math.floorMod(31 * table.hashCode() + ByteBuffer.wrap(keyHash).getInt(), STRIPES);
    }

    /**
     * Takes {@code stripes} (stripe to whether it is exclusive), in ascending order, under the fence
     * table's name, so that stores with fences of their own do not share stripes.
     */
    static void lock(Connection connection, Dialect dialect, String fenceTable, SortedMap<Integer, Boolean> stripes)
            throws SQLException {
        if (stripes.isEmpty()) {
            return;
        }
        String sql = dialect.inTableFenceLocks()
                .orElseThrow(() -> new IllegalStateException(
                        "The in-table fence needs PostgreSQL; this secondary is " + dialect.name()));
        Integer[] numbers = new Integer[stripes.size()];
        Boolean[] exclusive = new Boolean[stripes.size()];
        int i = 0;
        for (Map.Entry<Integer, Boolean> stripe : stripes.entrySet()) {
            numbers[i] = stripe.getKey();
            exclusive[i++] = stripe.getValue();
        }
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setInt(1, fenceTable.hashCode());
            lock.setInt(2, fenceTable.hashCode());
            lock.setArray(3, connection.createArrayOf("int4", numbers));
            lock.setArray(4, connection.createArrayOf("bool", exclusive));
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    // Each row is one lock taken.
                }
            }
        }
    }
}
