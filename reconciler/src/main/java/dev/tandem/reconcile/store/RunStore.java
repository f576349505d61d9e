package dev.tandem.reconcile.store;

import dev.tandem.core.codec.RetryHeaders;
import dev.tandem.reconcile.run.PlannedRepair;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RepairSummary;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.StoreNames;
import dev.tandem.reconcile.run.TableRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Keeps every run in small tables of the reconciler's own ({@code tandem_reconcile_*}), in
 * MySQL/MariaDB or PostgreSQL: the run (with its configured tables and the stores compared), its
 * tables, per-column counts, samples and listed repairs ({@link RunDetails}). Times are stored as
 * epoch milliseconds, so both engines read them back the same.
 */
public final class RunStore {

    private final DataSource dataSource;

    public RunStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the tables that do not exist yet, and adds columns a store made by an older version lacks. */
    public void create() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            RunStoreSchema.create(connection);
        }
    }

    /**
     * Where incremental runs of a table stand.
     *
     * @param cleanFrom the start of the last run that found the table clean: rows changed before were equal
     * @param lastFullAt the start of the last clean full run
     */
    public record Watermark(Instant cleanFrom, Instant lastFullAt) {}

    public Optional<Watermark> watermark(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT clean_from, last_full_at FROM tandem_reconcile_watermark WHERE table_name = ?")) {
            select.setString(1, table);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Watermark(
                                Instant.ofEpochMilli(rows.getLong(1)), Instant.ofEpochMilli(rows.getLong(2))))
                        : Optional.empty();
            }
        }
    }

    public void saveWatermark(String table, Watermark watermark) throws SQLException {
        inTransaction(connection -> {
            try (PreparedStatement delete =
                            connection.prepareStatement("DELETE FROM tandem_reconcile_watermark WHERE table_name = ?");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO tandem_reconcile_watermark (table_name, clean_from, last_full_at)"
                                    + " VALUES (?, ?, ?)")) {
                delete.setString(1, table);
                delete.executeUpdate();
                insert.setString(1, table);
                insert.setLong(2, watermark.cleanFrom().toEpochMilli());
                insert.setLong(3, watermark.lastFullAt().toEpochMilli());
                insert.executeUpdate();
            }
        });
    }

    /** Records that a run started, owned by no process (no heartbeat); returns its id. */
    public long start(String trigger, Instant startedAt) throws SQLException {
        return start(trigger, startedAt, null, null);
    }

    /**
     * Records that a run started, owned by {@code owner} whose heartbeat is {@code startedAt} for now;
     * returns its id.
     *
     * @param resumeScope what a run that can be continued compares (see {@link Unfinished#resumeScope});
     *     null for a run that cannot be (in process)
     */
    public long start(String trigger, Instant startedAt, String owner, String resumeScope) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO tandem_reconcile_run (trigger_name, started_at, verdict, pending_checked,"
                                + " repair_mode, repairs_planned, repairs_published, repairs_fixed,"
                                + " repairs_remaining, owned_by, heartbeat_at, resume_scope)"
                                + " VALUES (?, ?, ?, FALSE, ?, 0, 0, 0, 0, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, trigger);
            insert.setLong(2, startedAt.toEpochMilli());
            insert.setString(3, RunVerdict.RUNNING.name());
            insert.setString(4, RepairMode.NONE.name());
            insert.setString(5, owner);
            if (owner == null) {
                insert.setNull(6, java.sql.Types.BIGINT);
            } else {
                insert.setLong(6, startedAt.toEpochMilli());
            }
            insert.setString(7, resumeScope);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Stores the outcome of a finished run (started with {@link #start}). */
    public void finish(RunRecord run) throws SQLException {
        inTransaction(connection -> writeOutcome(connection, run, null));
    }

    /**
     * Stores the outcome of a run that {@code owner} drove, unless it is no longer its own.
     *
     * @throws IllegalStateException if the run was taken over by another process, or marked abandoned,
     *     meanwhile (nothing is stored then)
     */
    public void finish(RunRecord run, String owner) throws SQLException {
        inTransaction(connection -> writeOutcome(connection, run, owner));
    }

    /**
     * A run stored as {@code RUNNING}.
     *
     * @param owner the process that drives it (a token with its host and process id); null for a run
     *     started by a version that did not keep it
     * @param heartbeatAt when its owner last said it was alive; null for a run of such a version
     * @param resumeScope what it compares, for a run that another process can continue (a distributed
     *     run); null for one that cannot
     */
    public record Unfinished(
            long id, String trigger, Instant startedAt, String owner, Instant heartbeatAt, String resumeScope) {

        /** When the run was last known alive: its heartbeat, or its start for a run that had none. */
        public Instant lastHeardOf() {
            return heartbeatAt == null ? startedAt : heartbeatAt;
        }
    }

    /** The runs stored as {@code RUNNING}, newest first. */
    public List<Unfinished> unfinished() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, trigger_name, started_at, owned_by, heartbeat_at, resume_scope"
                                + " FROM tandem_reconcile_run WHERE finished_at IS NULL ORDER BY id DESC")) {
            select.setMaxRows(1000);
            List<Unfinished> runs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long heartbeat = rows.getLong(5);
                    Instant heartbeatAt = rows.wasNull() ? null : Instant.ofEpochMilli(heartbeat);
                    runs.add(new Unfinished(
                            rows.getLong(1),
                            rows.getString(2),
                            Instant.ofEpochMilli(rows.getLong(3)),
                            rows.getString(4),
                            heartbeatAt,
                            rows.getString(6)));
                }
            }
            return runs;
        }
    }

    /** Refreshes run {@code id}'s heartbeat; false if {@code owner} no longer drives it (taken over, abandoned, finished). */
    public boolean heartbeat(long id, String owner, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update =
                        connection.prepareStatement("UPDATE tandem_reconcile_run SET heartbeat_at = ?"
                                + " WHERE id = ? AND owned_by = ? AND finished_at IS NULL")) {
            update.setLong(1, at.toEpochMilli());
            update.setLong(2, id);
            update.setString(3, owner);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Makes {@code owner} the process that drives {@code run}, if it is still as it was read (same owner,
     * same heartbeat, unfinished): of two processes taking it over at once, one wins.
     */
    public boolean takeOver(Unfinished run, String owner, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE tandem_reconcile_run SET owned_by = ?, heartbeat_at = ? WHERE id = ?"
                                + " AND finished_at IS NULL AND " + unchanged(run))) {
            update.setString(1, owner);
            update.setLong(2, at.toEpochMilli());
            update.setLong(3, run.id());
            setUnchanged(update, 4, run);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Stores {@code run} as {@link RunVerdict#ABANDONED}, finished when it was last heard of, if it is
     * still as it was read (nobody refreshed or took it over meanwhile).
     */
    public boolean abandon(Unfinished run) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE tandem_reconcile_run SET verdict = ?, finished_at = ? WHERE id = ?"
                                + " AND finished_at IS NULL AND " + unchanged(run))) {
            update.setString(1, RunVerdict.ABANDONED.name());
            update.setLong(2, run.lastHeardOf().toEpochMilli());
            update.setLong(3, run.id());
            setUnchanged(update, 4, run);
            return update.executeUpdate() == 1;
        }
    }

    /** The condition that {@code run}'s owner and heartbeat are as they were read. */
    private static String unchanged(Unfinished run) {
        return (run.owner() == null ? "owned_by IS NULL" : "owned_by = ?")
                + (run.heartbeatAt() == null ? " AND heartbeat_at IS NULL" : " AND heartbeat_at = ?");
    }

    private static void setUnchanged(PreparedStatement update, int first, Unfinished run) throws SQLException {
        int next = first;
        if (run.owner() != null) {
            update.setString(next++, run.owner());
        }
        if (run.heartbeatAt() != null) {
            update.setLong(next, run.heartbeatAt().toEpochMilli());
        }
    }

    /**
     * How a distributed run split one table, stored before its segments are published.
     *
     * @param resultsFrom where the results topic stood before the segments were published, as
     *     {@code partition:offset,…}: every result of theirs is at or after it
     * @param published whether every segment's task was acknowledged by Kafka
     * @param tasks each segment's task as published, by segment number
     */
    public record TablePlan(String table, String resultsFrom, boolean published, List<String> tasks) {

        public TablePlan {
            tasks = List.copyOf(tasks);
        }
    }

    /** Stores {@code plan} for run {@code run} (before its tasks are published). */
    public void savePlan(long run, TablePlan plan) throws SQLException {
        inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO tandem_reconcile_plan (run_id, table_name, segments, results_from, published)"
                                    + " VALUES (?, ?, ?, ?, ?)");
                    PreparedStatement segment = connection.prepareStatement(
                            "INSERT INTO tandem_reconcile_segment (run_id, table_name, segment_no, task)"
                                    + " VALUES (?, ?, ?, ?)")) {
                insert.setLong(1, run);
                insert.setString(2, plan.table());
                insert.setInt(3, plan.tasks().size());
                insert.setString(4, plan.resultsFrom());
                insert.setBoolean(5, plan.published());
                insert.executeUpdate();
                for (int i = 0; i < plan.tasks().size(); i++) {
                    segment.setLong(1, run);
                    segment.setString(2, plan.table());
                    segment.setInt(3, i);
                    segment.setString(4, plan.tasks().get(i));
                    segment.addBatch();
                }
                segment.executeBatch();
            }
        });
    }

    /** Records that every task of run {@code run}'s plan of {@code table} was published. */
    public void planPublished(long run, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE tandem_reconcile_plan SET published = TRUE WHERE run_id = ? AND table_name = ?")) {
            update.setLong(1, run);
            update.setString(2, table);
            update.executeUpdate();
        }
    }

    /** Run {@code run}'s plan of {@code table}; empty if the run did not reach it. */
    public Optional<TablePlan> plan(long run, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT segments, results_from, published"
                        + " FROM tandem_reconcile_plan WHERE run_id = ? AND table_name = ?");
                PreparedStatement segments = connection.prepareStatement("SELECT segment_no, task"
                        + " FROM tandem_reconcile_segment WHERE run_id = ? AND table_name = ? ORDER BY segment_no")) {
            select.setLong(1, run);
            select.setString(2, table);
            int count;
            String from;
            boolean published;
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                count = rows.getInt(1);
                from = rows.getString(2);
                published = rows.getBoolean(3);
            }
            segments.setLong(1, run);
            segments.setString(2, table);
            List<String> tasks = new ArrayList<>();
            try (ResultSet rows = segments.executeQuery()) {
                while (rows.next()) {
                    if (rows.getInt(1) != tasks.size()) {
                        throw new IllegalStateException("Run " + run + "'s plan of " + table + " lacks segment "
                                + tasks.size() + " in tandem_reconcile_segment");
                    }
                    tasks.add(rows.getString(2));
                }
            }
            if (tasks.size() != count) {
                throw new IllegalStateException("Run " + run + "'s plan of " + table + " has " + tasks.size() + " of "
                        + count + " segments in tandem_reconcile_segment");
            }
            return Optional.of(new TablePlan(table, from, published, tasks));
        }
    }

    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void writeOutcome(Connection connection, RunRecord run, String owner) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE tandem_reconcile_run SET finished_at = ?, verdict = ?, pending_checked = ?, repair_mode = ?,"
                        + " repairs_planned = ?, repairs_published = ?, repairs_fixed = ?, repairs_remaining = ?,"
                        + " direction = ?, configured_tables = ?, primary_store = ?, secondary_store = ?"
                        + " WHERE id = ?"
                        + (owner == null ? "" : " AND owned_by = ? AND finished_at IS NULL"))) {
            update.setLong(1, run.finishedAt().toEpochMilli());
            update.setString(2, run.verdict().name());
            update.setBoolean(3, run.pendingChecked());
            update.setString(4, run.repair().mode().name());
            update.setLong(5, run.repair().planned());
            update.setLong(6, run.repair().published());
            update.setLong(7, run.repair().fixed());
            update.setLong(8, run.repair().remaining());
            update.setString(9, run.direction());
            update.setString(10, RunDetails.tablesJson(run.configuredTables()));
            update.setString(
                    11,
                    run.stores() == null
                            ? null
                            : RetryHeaders.truncate(run.stores().primary(), 500));
            update.setString(
                    12,
                    run.stores() == null
                            ? null
                            : RetryHeaders.truncate(run.stores().secondary(), 500));
            update.setLong(13, run.id());
            if (owner != null) {
                update.setString(14, owner);
            }
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException(
                        owner == null
                                ? "No run " + run.id() + " was started in the run store"
                                : "Run " + run.id() + " is no longer driven by this process (another took it over or"
                                        + " marked it abandoned while this one was not heard of): its outcome is not stored");
            }
        }
        RunDetails.write(connection, run);
    }

    /** The latest {@code limit} runs, newest first, with their tables' counts (no columns, no samples). */
    public List<RunRecord> latest(int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT * FROM tandem_reconcile_run ORDER BY id DESC LIMIT ?")) {
            select.setInt(1, limit);
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    runs.add(run(rows, List.of()));
                }
            }
            List<RunRecord> withTables = new ArrayList<>(runs.size());
            for (RunRecord run : runs) {
                withTables.add(withTables(run, RunDetails.tables(connection, run.id(), false)));
            }
            return withTables;
        }
    }

    /** The run with {@code id}, with everything kept of it. */
    public Optional<RunRecord> find(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT * FROM tandem_reconcile_run WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                RunRecord run = run(rows, RunDetails.tables(connection, id, true));
                return Optional.of(withRepairs(run, RunDetails.repairs(connection, id)));
            }
        }
    }

    /**
     * The last run that finished (whatever its verdict, but not one abandoned by its dead process), with
     * its tables' counts; empty before the first.
     */
    public Optional<RunRecord> lastFinished() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT * FROM tandem_reconcile_run WHERE finished_at IS NOT NULL AND verdict <> 'ABANDONED'"
                                + " ORDER BY id DESC LIMIT 1")) {
            RunRecord run;
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                run = run(rows, List.of());
            }
            return Optional.of(withTables(run, RunDetails.tables(connection, run.id(), false)));
        }
    }

    /**
     * For each of {@code tables}, its counts from the latest finished run that compared it (a table
     * that failed in a run was not compared by it); a table no run compared yet is left out.
     */
    public List<TableRecord> latestComparisons(List<String> tables) throws SQLException {
        List<TableRecord> latest = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT MAX(t.run_id) FROM tandem_reconcile_table t JOIN tandem_reconcile_run r"
                                + " ON r.id = t.run_id WHERE t.table_name = ? AND t.error IS NULL"
                                + " AND r.finished_at IS NOT NULL")) {
            for (String table : tables) {
                select.setString(1, table);
                long runId;
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    runId = rows.getLong(1);
                    if (rows.wasNull()) {
                        continue;
                    }
                }
                RunDetails.tables(connection, runId, false).stream()
                        .filter(t -> t.table().equals(table))
                        .findFirst()
                        .ifPresent(latest::add);
            }
        }
        return latest;
    }

    private static RunRecord run(ResultSet rows, List<TableRecord> tables) throws SQLException {
        long finished = rows.getLong("finished_at");
        boolean running = rows.wasNull();
        return new RunRecord(
                rows.getLong("id"),
                rows.getString("trigger_name"),
                Instant.ofEpochMilli(rows.getLong("started_at")),
                running ? null : Instant.ofEpochMilli(finished),
                RunVerdict.valueOf(rows.getString("verdict")),
                rows.getBoolean("pending_checked"),
                new RepairSummary(
                        RepairMode.valueOf(rows.getString("repair_mode")),
                        rows.getLong("repairs_planned"),
                        rows.getLong("repairs_published"),
                        rows.getLong("repairs_fixed"),
                        rows.getLong("repairs_remaining")),
                tables,
                rows.getString("direction"),
                RunDetails.tablesFromJson(rows.getString("configured_tables")),
                stores(rows.getString("primary_store"), rows.getString("secondary_store")));
    }

    private static StoreNames stores(String primary, String secondary) {
        return primary == null || secondary == null ? null : new StoreNames(primary, secondary);
    }

    private static RunRecord withRepairs(RunRecord run, List<PlannedRepair> listed) {
        RepairSummary repair = run.repair();
        return new RunRecord(
                run.id(),
                run.trigger(),
                run.startedAt(),
                run.finishedAt(),
                run.verdict(),
                run.pendingChecked(),
                new RepairSummary(
                        repair.mode(),
                        repair.planned(),
                        repair.published(),
                        repair.fixed(),
                        repair.remaining(),
                        listed),
                run.tables(),
                run.direction(),
                run.configuredTables(),
                run.stores());
    }

    private static RunRecord withTables(RunRecord run, List<TableRecord> tables) {
        return new RunRecord(
                run.id(),
                run.trigger(),
                run.startedAt(),
                run.finishedAt(),
                run.verdict(),
                run.pendingChecked(),
                run.repair(),
                tables,
                run.direction(),
                run.configuredTables(),
                run.stores());
    }
}
