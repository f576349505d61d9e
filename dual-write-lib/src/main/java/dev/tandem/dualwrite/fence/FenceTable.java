package dev.tandem.dualwrite.fence;

import dev.tandem.dualwrite.jdbc.Dialect;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fence's own table in the secondary: one row per (table, row key hash) holding the last applied
 * version, whether it was a delete (the tombstone), the write id and when it was applied.
 */
final class FenceTable {

    private final Dialect dialect;
    private final String name;
    private final Statements statements;

    FenceTable(Dialect dialect, String name, Statements statements) {
        this.dialect = dialect;
        this.name = name;
        this.statements = statements;
    }

    void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(dialect.createFenceTable(name));
        }
    }

    /**
     * Makes sure a fence row exists for every group, locks them all (in key-hash order, so concurrent
     * appliers cannot deadlock on each other) and returns their states.
     */
    Map<ByteBuffer, FenceState> lock(Connection connection, String table, List<RowGroup> rows) throws SQLException {
        for (List<RowGroup> chunk : Chunks.of(rows, 3)) {
            try (PreparedStatement insert =
                    statements.prepare(connection, dialect.insertMissingFenceRows(name, chunk.size()))) {
                int i = 1;
                for (RowGroup row : chunk) {
                    insert.setString(i++, table);
                    insert.setBytes(i++, row.keyHash());
                    insert.setString(i++, row.winner().mutation().rowKey());
                }
                insert.executeUpdate();
            }
        }
        Map<ByteBuffer, FenceState> states = new HashMap<>();
        for (List<RowGroup> chunk : Chunks.of(rows, 1)) {
            String sql = "SELECT key_hash, version, deleted FROM " + dialect.quote(name)
                    + " WHERE table_name = ? AND key_hash IN (" + "?, ".repeat(chunk.size() - 1)
                    + "?) ORDER BY key_hash FOR UPDATE";
            try (PreparedStatement select = statements.prepare(connection, sql)) {
                select.setString(1, table);
                int i = 2;
                for (RowGroup row : chunk) {
                    select.setBytes(i++, row.keyHash());
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        states.put(ByteBuffer.wrap(rs.getBytes(1)), new FenceState(rs.getLong(2), rs.getBoolean(3)));
                    }
                }
            }
        }
        return states;
    }

    /** Records the winners' states as the rows' last applied versions. */
    void advance(Connection connection, String table, List<RowGroup> applied) throws SQLException {
        for (List<RowGroup> chunk : Chunks.of(applied, 6)) {
            try (PreparedStatement write = statements.prepare(connection, dialect.writeFenceRows(name, chunk.size()))) {
                int i = 1;
                for (RowGroup row : chunk) {
                    write.setString(i++, table);
                    write.setBytes(i++, row.keyHash());
                    write.setString(i++, row.winner().mutation().rowKey());
                    write.setLong(i++, row.winner().mutation().version());
                    write.setBoolean(i++, row.winner().mutation().isDelete());
                    write.setString(i++, row.winner().mutation().writeId().toString());
                }
                write.executeUpdate();
            }
        }
    }
}
