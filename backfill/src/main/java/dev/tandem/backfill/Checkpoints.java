package dev.tandem.backfill;

import dev.tandem.core.jdbc.Sql;
import dev.tandem.core.schema.OwnTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The backfill's checkpoint table (one row per chunk: range, status, rows, verification, the run
 * that finished it) and its record of deferred indexes, so that a killed run resumes without redoing
 * finished chunks and can still recreate what it dropped. Plain SQL that MySQL/MariaDB and
 * PostgreSQL both take; the tables are made by versioned migrations.
 */
public final class Checkpoints {

    private final DataSource dataSource;
    private final String chunks;
    private final String deferred;
    private final OwnTables migrations;

    /** @param table the checkpoint table's name; deferred indexes go to {@code <table>_deferred} */
    public Checkpoints(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.chunks = Sql.requirePlainIdentifier("Checkpoint table name", table);
        this.deferred = table + "_deferred";
        this.migrations = OwnTables.of("checkpoints", table + "_schema_history", Map.of("checkpoint_table", table));
    }

    /**
     * Creates the tables if they do not exist, or brings them up to date, by the versioned migrations
     * in {@code db/tandem/checkpoints/<engine>/}; their history is in {@code <table>_schema_history}.
     */
    public void create() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            migrations.migrate(connection);
        }
    }

    /** The tables' migrations and their history. */
    OwnTables migrations() {
        return migrations;
    }

    /** The chunks planned for {@code table}, in order; empty if it was never planned. */
    public List<ChunkState> chunks(String table) throws SQLException {
        return select(table, null);
    }

    /** Chunk {@code number} of {@code table} as recorded now; empty if there is no such chunk. */
    public Optional<ChunkState> chunk(String table, int number) throws SQLException {
        return select(table, number).stream().findFirst();
    }

    /**
     * The chunks of {@code table} by worker, status and run: how many, their rows, when the first of
     * them started and the last finished (chunks finished before workers were recorded have a null worker).
     */
    public List<ChunkTally> tally(String table) throws SQLException {
        List<ChunkTally> tallies = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT worker, status, run_id, COUNT(*),"
                        + " SUM(planned_rows), SUM(rows_copied), MIN(started_at), MAX(finished_at) FROM " + chunks
                        + " WHERE table_name = ? GROUP BY worker, status, run_id")) {
            select.setString(1, table);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tallies.add(new ChunkTally(
                            rows.getString(1),
                            ChunkState.Status.valueOf(rows.getString(2)),
                            rows.getString(3),
                            rows.getInt(4),
                            rows.getLong(5),
                            rows.getLong(6),
                            rows.getLong(7),
                            rows.getLong(8)));
                }
            }
        }
        return tallies;
    }

    private List<ChunkState> select(String table, Integer number) throws SQLException {
        List<ChunkState> states = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT chunk_no, after_key, up_to_key,"
                        + " planned_rows, status, rows_copied, attempts, verification, differences, run_id FROM "
                        + chunks + " WHERE table_name = ?" + (number == null ? "" : " AND chunk_no = ?")
                        + " ORDER BY chunk_no")) {
            select.setString(1, table);
            if (number != null) {
                select.setInt(2, number);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Chunk chunk = new Chunk(
                            table,
                            rows.getInt(1),
                            KeyText.decode(rows.getString(2)),
                            KeyText.decode(rows.getString(3)),
                            rows.getLong(4));
                    states.add(new ChunkState(
                            chunk,
                            ChunkState.Status.valueOf(rows.getString(5)),
                            rows.getLong(6),
                            rows.getInt(7),
                            rows.getString(8),
                            rows.getLong(9),
                            rows.getString(10)));
                }
            }
        }
        return states;
    }

    /** Records a table's plan, every chunk PENDING, in one transaction. */
    public void plan(List<Chunk> plan) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + chunks
                    + " (table_name, chunk_no, after_key, up_to_key, planned_rows, status, rows_copied, attempts,"
                    + " differences) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, 0, 0)")) {
                for (Chunk chunk : plan) {
                    insert.setString(1, chunk.table());
                    insert.setInt(2, chunk.number());
                    insert.setString(3, KeyText.encode(chunk.after()));
                    insert.setString(4, KeyText.encode(chunk.upTo()));
                    insert.setLong(5, chunk.plannedRows());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Records how a chunk ended: DONE (verified or not) or FAILED (verification kept failing), which
     * worker finished it and when its last attempt started (epoch milliseconds).
     */
    public void finish(ChunkState state, String worker, long startedAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + chunks
                                + " SET status = ?, rows_copied = ?, attempts = ?, verification = ?, differences = ?,"
                                + " run_id = ?, finished_at = ?, worker = ?, started_at = ? WHERE table_name = ? AND chunk_no = ?")) {
            update.setString(1, state.status().name());
            update.setLong(2, state.rowsCopied());
            update.setInt(3, state.attempts());
            update.setString(4, state.verification());
            update.setLong(5, state.differences());
            update.setString(6, state.runId());
            update.setLong(7, System.currentTimeMillis());
            update.setString(8, worker);
            update.setLong(9, startedAt);
            update.setString(10, state.chunk().table());
            update.setInt(11, state.chunk().number());
            update.executeUpdate();
        }
    }

    /**
     * Marks {@code table}'s pending chunks as published by {@code runId}, so that a coordinator started
     * again finds the run it continues ({@link #publishedRun}).
     */
    public void published(String table, String runId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + chunks + " SET run_id = ? WHERE table_name = ? AND status = 'PENDING'")) {
            update.setString(1, runId);
            update.setString(2, table);
            update.executeUpdate();
        }
    }

    /** The latest run that published chunks of {@code tables} still pending; empty if none did. */
    public Optional<String> publishedRun(List<String> tables) throws SQLException {
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(tables.size(), "?"));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT MAX(run_id) FROM " + chunks
                        + " WHERE status = 'PENDING' AND run_id IS NOT NULL AND table_name IN (" + marks + ")")) {
            for (int i = 0; i < tables.size(); i++) {
                select.setString(i + 1, tables.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** Forgets {@code table}'s plan and progress, so that the next run plans and copies it afresh. */
    public void forget(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM " + chunks + " WHERE table_name = ?")) {
            delete.setString(1, table);
            delete.executeUpdate();
        }
    }

    /** The indexes of {@code table} dropped for the copy and not recreated yet: name and DDL. */
    public List<DeferredIndex> deferred(String table) throws SQLException {
        List<DeferredIndex> indexes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT index_name, ddl FROM " + deferred + " WHERE table_name = ? ORDER BY index_name")) {
            select.setString(1, table);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    indexes.add(new DeferredIndex(table, rows.getString(1), rows.getString(2)));
                }
            }
        }
        return indexes;
    }

    /** Records an index about to be dropped (before it is, so a crash cannot lose its DDL). */
    public void defer(DeferredIndex index) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO " + deferred + " (table_name, index_name, ddl) VALUES (?, ?, ?)")) {
            insert.setString(1, index.table());
            insert.setString(2, index.name());
            insert.setString(3, index.ddl());
            insert.executeUpdate();
        }
    }

    /** Forgets a deferred index once it is recreated. */
    public void restored(DeferredIndex index) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + deferred + " WHERE table_name = ? AND index_name = ?")) {
            delete.setString(1, index.table());
            delete.setString(2, index.name());
            delete.executeUpdate();
        }
    }
}
