package dev.tandem.core.fence;

import dev.tandem.core.RowKey;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.Sql;
import dev.tandem.core.jdbc.Table;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-table fence's half of a row's state: the version its own version column holds. A row that
 * exists holds the state of an upsert at that version (NULL: never applied); together with the
 * fence table's tombstone, the newer of the two is the row's state.
 */
final class InTableVersions {

    private final Dialect dialect;
    private final Statements statements;

    InTableVersions(Dialect dialect, Statements statements) {
        this.dialect = dialect;
        this.statements = statements;
    }

    /** The states the version column gives the existing rows among {@code rows}, by key hash. */
    Map<ByteBuffer, FenceState> states(Connection connection, Table table, Column version, List<RowGroup> rows)
            throws SQLException {
        Map<RowKey, ByteBuffer> hashes = new HashMap<>();
        for (RowGroup row : rows) {
            hashes.put(RowWriter.keyOf(table, row.winner().keyValues()), ByteBuffer.wrap(row.keyHash()));
        }
        Map<ByteBuffer, FenceState> states = new HashMap<>();
        int keyWidth = table.primaryKey().size();
        for (List<RowGroup> chunk : Chunks.of(rows, keyWidth)) {
            String sql = "SELECT " + Sql.columnList(dialect, table.primaryKey()) + ", " + dialect.quote(version.name())
                    + " FROM " + dialect.quote(table.name()) + " WHERE " + Sql.keyIn(dialect, table, chunk.size());
            try (PreparedStatement select = statements.prepare(connection, sql)) {
                int i = 1;
                for (RowGroup row : chunk) {
                    for (int k = 0; k < keyWidth; k++) {
                        dialect.bind(
                                select,
                                i++,
                                table.primaryKey().get(k),
                                row.winner().keyValues().get(k));
                    }
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        List<Object> key = new ArrayList<>(keyWidth);
                        for (int k = 0; k < keyWidth; k++) {
                            key.add(dialect.read(rs, k + 1, table.primaryKey().get(k)));
                        }
                        long stored = rs.getLong(keyWidth + 1);
                        ByteBuffer hash = hashes.get(RowWriter.keyOf(table, key));
                        if (hash != null) {
                            states.put(hash, rs.wasNull() ? FenceState.NEVER_APPLIED : new FenceState(stored, false));
                        }
                    }
                }
            }
        }
        return states;
    }

    /** The newer of the two halves of a row's state, either of them absent. */
    static FenceState newer(FenceState tombstone, FenceState row) {
        if (tombstone == null) {
            return row == null ? FenceState.NEVER_APPLIED : row;
        }
        return row == null || tombstone.compareTo(row) >= 0 ? tombstone : row;
    }
}
