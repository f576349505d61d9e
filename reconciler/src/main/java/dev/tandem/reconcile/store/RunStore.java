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

    /** Records that a run started; returns its id. */
    public long start(String trigger, Instant startedAt) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO tandem_reconcile_run (trigger_name, started_at, verdict, pending_checked,"
                                + " repair_mode, repairs_planned, repairs_published, repairs_fixed,"
                                + " repairs_remaining) VALUES (?, ?, ?, FALSE, ?, 0, 0, 0, 0)",
                        Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, trigger);
            insert.setLong(2, startedAt.toEpochMilli());
            insert.setString(3, RunVerdict.RUNNING.name());
            insert.setString(4, RepairMode.NONE.name());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Stores the outcome of a finished run (started with {@link #start}). */
    public void finish(RunRecord run) throws SQLException {
        inTransaction(connection -> writeOutcome(connection, run));
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

    private static void writeOutcome(Connection connection, RunRecord run) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE tandem_reconcile_run SET finished_at = ?, verdict = ?, pending_checked = ?, repair_mode = ?,"
                        + " repairs_planned = ?, repairs_published = ?, repairs_fixed = ?, repairs_remaining = ?,"
                        + " direction = ?, configured_tables = ?, primary_store = ?, secondary_store = ?"
                        + " WHERE id = ?")) {
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
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("No run " + run.id() + " was started in the run store");
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

    /** The last run that finished (whatever its verdict), with its tables' counts; empty before the first. */
    public Optional<RunRecord> lastFinished() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT * FROM tandem_reconcile_run WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1")) {
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
