package dev.tandem.core.fence;

import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.schema.SchemaMigrationException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fence's own table in the secondary: one row per (table, row key hash) holding the last applied
 * version, whether it was a delete (the tombstone), the write id and when it was applied.
 */
final class FenceTable {

    private final Dialect dialect;
    private final String name;
    private final Statements statements;
    /** Whether the engine advances the fence and returns the winners in one statement. */
    private final boolean advancesInOneStatement;

    private final RecentSql<Integer> advanceNewerSql;

    FenceTable(Dialect dialect, String name, Statements statements) {
        this.dialect = dialect;
        this.name = name;
        this.statements = statements;
        this.advancesInOneStatement = dialect.advanceNewerFenceRows(name, 1).isPresent();
        this.advanceNewerSql = new RecentSql<>(
                rows -> dialect.advanceNewerFenceRows(name, rows).orElseThrow());
    }

    Dialect dialect() {
        return dialect;
    }

    String name() {
        return name;
    }

    /**
     * Creates the fence table, or brings it up to date, by its versioned migrations. A database error
     * stays an {@link SQLException} with its SQLState, so that an apply failing on it is classified
     * (e.g. a missing privilege: transient) as any other.
     */
    void create(Connection connection) throws SQLException {
        try {
            FenceMigrations.of(name).migrate(connection);
        } catch (SchemaMigrationException e) {
            if (e.getCause() instanceof SQLException cause) {
                throw new SQLException(e.getMessage(), cause.getSQLState(), cause.getErrorCode(), e);
            }
            throw e;
        }
    }

    /**
     * Makes sure a fence row exists for every group, locks them all in key-hash order and returns
     * their states. One statement per chunk inserts the missing rows and locks the existing ones,
     * each by its key, so it waits only on the rows it names; a {@code SELECT … FOR UPDATE} might
     * scan (and wait on) other appliers' rows of the table. Concurrent appliers cannot deadlock on
     * each other as long as each locks its tables in name order and runs where a lock covers only the
     * row (no gap locks: see {@link Dialect#beginApplyTransaction}).
     */
    Map<ByteBuffer, FenceState> lock(Connection connection, String table, List<RowGroup> rows) throws SQLException {
        for (List<RowGroup> chunk : Chunks.of(rows, 3)) {
            try (PreparedStatement insert =
                    statements.prepare(connection, dialect.insertMissingFenceRows(name, chunk.size()))) {
                int i = 1;
                for (RowGroup row : chunk) {
                    insert.setString(i++, table);
                    insert.setBytes(i++, row.keyHash());
                    insert.setString(i++, row.winner().rowKey());
                }
                insert.executeUpdate();
            }
        }
        // Every row is locked by now, so the latest committed state (or this transaction's) is current.
        return states(connection, table, rows);
    }

    /**
     * The stored states of {@code rows}, as last committed or written by this transaction; rows without
     * a fence row are absent from the map.
     */
    Map<ByteBuffer, FenceState> states(Connection connection, String table, List<RowGroup> rows) throws SQLException {
        Map<ByteBuffer, FenceState> states = new HashMap<>();
        for (List<RowGroup> chunk : Chunks.of(rows, 1)) {
            String sql = "SELECT key_hash, version, deleted FROM " + dialect.quote(name)
                    + " WHERE table_name = ? AND key_hash IN (" + "?, ".repeat(chunk.size() - 1)
                    + "?)";
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

    /**
     * Where the engine can do it in one statement: writes the winners' states for the rows whose
     * state is newer than the stored one, locking all of {@code rows}, and returns the key hashes
     * written. Empty if the engine cannot; then {@link #lock} and {@link #advance} do it in steps.
     */
    Optional<Set<ByteBuffer>> advanceNewer(Connection connection, String table, List<RowGroup> rows)
            throws SQLException {
        if (!advancesInOneStatement) {
            return Optional.empty();
        }
        Set<ByteBuffer> written = new HashSet<>();
        for (List<RowGroup> chunk : Chunks.of(rows, 6)) {
            try (PreparedStatement write = statements.prepare(connection, advanceNewerSql.get(chunk.size()))) {
                bindStates(write, table, chunk);
                try (ResultSet rs = write.executeQuery()) {
                    while (rs.next()) {
                        written.add(ByteBuffer.wrap(rs.getBytes(1)));
                    }
                }
            }
        }
        return Optional.of(written);
    }

    /** Records the winners' states as the rows' last applied versions. */
    void advance(Connection connection, String table, List<RowGroup> applied) throws SQLException {
        for (List<RowGroup> chunk : Chunks.of(applied, 6)) {
            try (PreparedStatement write = statements.prepare(connection, dialect.writeFenceRows(name, chunk.size()))) {
                bindStates(write, table, chunk);
                write.executeUpdate();
            }
        }
    }

    /** Binds (table_name, key_hash, row_key, version, deleted, write_id) of each row's winner. */
    private static void bindStates(PreparedStatement write, String table, List<RowGroup> rows) throws SQLException {
        int i = 1;
        for (RowGroup row : rows) {
            write.setString(i++, table);
            write.setBytes(i++, row.keyHash());
            write.setString(i++, row.winner().rowKey());
            write.setLong(i++, row.winner().mutation().version());
            write.setBoolean(i++, row.winner().mutation().isDelete());
            write.setString(i++, row.winner().mutation().writeId().toString());
        }
    }
}
