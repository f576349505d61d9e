package dev.tandem.reconcile.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.codec.RetryHeaders;
import dev.tandem.core.compare.Difference.ColumnDifference;
import dev.tandem.core.compare.DifferenceKind;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.PlannedRepair;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.Sample;
import dev.tandem.reconcile.run.TableRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of a run beside its own: its tables ({@code tandem_reconcile_table}), their per-column
 * counts ({@code _column}: confirmed and found), samples ({@code _sample}) and the repairs it
 * listed ({@code _repair}).
 */
final class RunDetails {

    private static final ObjectMapper json = new ObjectMapper();
    private static final TypeReference<List<ColumnDifference>> COLUMNS = new TypeReference<>() {};

    private RunDetails() {}

    static void write(Connection connection, RunRecord run) throws SQLException {
        try (PreparedStatement tables = connection.prepareStatement(
                        "INSERT INTO tandem_reconcile_table (run_id, position, table_name, since_at, rows_compared,"
                                + " took_ms, found, in_flight, missing, extra, mismatched, truncated, error,"
                                + " found_missing, found_extra, found_mismatched)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement columns = connection.prepareStatement(
                        "INSERT INTO tandem_reconcile_column (run_id, table_name, column_name, mismatches,"
                                + " found_mismatches) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement samples = connection.prepareStatement(
                        "INSERT INTO tandem_reconcile_sample (run_id, table_name, position, kind, row_key,"
                                + " columns_json) VALUES (?, ?, ?, ?, ?, ?)");
                PreparedStatement repairs = connection.prepareStatement(
                        "INSERT INTO tandem_reconcile_repair (run_id, position, table_name, row_key, action)"
                                + " VALUES (?, ?, ?, ?, ?)")) {
            int position = 0;
            for (TableRecord table : run.tables()) {
                addTable(tables, run.id(), position++, table);
                addColumns(columns, run.id(), table);
                int sample = 0;
                for (Sample s : table.samples()) {
                    samples.setLong(1, run.id());
                    samples.setString(2, table.table());
                    samples.setInt(3, sample++);
                    samples.setString(4, s.kind().name());
                    samples.setString(5, s.key());
                    samples.setString(6, toJson(s.columns()));
                    samples.addBatch();
                }
            }
            int repair = 0;
            for (PlannedRepair planned : run.repair().listed()) {
                repairs.setLong(1, run.id());
                repairs.setInt(2, repair++);
                repairs.setString(3, planned.table());
                repairs.setString(4, planned.key());
                repairs.setString(5, RetryHeaders.truncate(planned.action(), 255));
                repairs.addBatch();
            }
            tables.executeBatch();
            columns.executeBatch();
            samples.executeBatch();
            repairs.executeBatch();
        }
    }

    private static void addTable(PreparedStatement tables, long runId, int position, TableRecord table)
            throws SQLException {
        int i = 1;
        tables.setLong(i++, runId);
        tables.setInt(i++, position);
        tables.setString(i++, table.table());
        if (table.since() == null) {
            tables.setNull(i++, Types.BIGINT);
        } else {
            tables.setLong(i++, table.since().toEpochMilli());
        }
        tables.setLong(i++, table.rowsCompared());
        tables.setLong(i++, table.tookMillis());
        tables.setLong(i++, table.found());
        tables.setLong(i++, table.inFlight());
        tables.setLong(i++, table.missing());
        tables.setLong(i++, table.extra());
        tables.setLong(i++, table.mismatched());
        tables.setBoolean(i++, table.truncated());
        if (table.error() == null) {
            tables.setNull(i++, Types.VARCHAR);
        } else {
            tables.setString(i++, RetryHeaders.truncate(table.error(), 2000));
        }
        FoundCounts found = table.foundCounts();
        for (long count :
                found == null ? new long[0] : new long[] {found.missing(), found.extra(), found.mismatched()}) {
            tables.setLong(i++, count);
        }
        while (i <= 16) {
            tables.setNull(i++, Types.BIGINT);
        }
        tables.addBatch();
    }

    /** A row per column confirmed or found mismatched; confirmed 0 for those only found beyond the re-check. */
    private static void addColumns(PreparedStatement columns, long runId, TableRecord table) throws SQLException {
        Map<String, Long> found =
                table.foundCounts() == null ? Map.of() : table.foundCounts().columns();
        TreeMap<String, Long> names = new TreeMap<>(found);
        table.columns().forEach(names::putIfAbsent);
        for (String column : names.keySet()) {
            columns.setLong(1, runId);
            columns.setString(2, table.table());
            columns.setString(3, column);
            columns.setLong(4, table.columns().getOrDefault(column, 0L));
            if (table.foundCounts() == null) {
                columns.setNull(5, Types.BIGINT);
            } else {
                columns.setLong(5, found.getOrDefault(column, 0L));
            }
            columns.addBatch();
        }
    }

    /** The tables of run {@code runId}; with {@code details}, their columns and samples too. */
    static List<TableRecord> tables(Connection connection, long runId, boolean details) throws SQLException {
        Map<String, Map<String, Long>> confirmed = new LinkedHashMap<>();
        Map<String, Map<String, Long>> found = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        if (details) {
            readColumns(connection, runId, confirmed, found);
            readSamples(connection, runId, samples);
        }
        List<TableRecord> tables = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT * FROM tandem_reconcile_table WHERE run_id = ? ORDER BY position")) {
            select.setLong(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString("table_name");
                    long since = rows.getLong("since_at");
                    boolean full = rows.wasNull();
                    long foundMissing = rows.getLong("found_missing");
                    FoundCounts foundCounts = rows.wasNull()
                            ? null
                            : new FoundCounts(
                                    foundMissing,
                                    rows.getLong("found_extra"),
                                    rows.getLong("found_mismatched"),
                                    found.getOrDefault(table, Map.of()));
                    tables.add(new TableRecord(
                            table,
                            full ? null : Instant.ofEpochMilli(since),
                            rows.getLong("rows_compared"),
                            rows.getLong("took_ms"),
                            rows.getLong("found"),
                            rows.getLong("in_flight"),
                            rows.getLong("missing"),
                            rows.getLong("extra"),
                            rows.getLong("mismatched"),
                            rows.getBoolean("truncated"),
                            rows.getString("error"),
                            confirmed.getOrDefault(table, Map.of()),
                            samples.getOrDefault(table, List.of()),
                            foundCounts));
                }
            }
        }
        return tables;
    }

    private static void readColumns(
            Connection connection,
            long runId,
            Map<String, Map<String, Long>> confirmed,
            Map<String, Map<String, Long>> found)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT table_name, column_name, mismatches, found_mismatches FROM tandem_reconcile_column"
                        + " WHERE run_id = ?")) {
            select.setLong(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String table = rows.getString(1);
                    String column = rows.getString(2);
                    long mismatches = rows.getLong(3);
                    if (mismatches > 0) {
                        confirmed.computeIfAbsent(table, t -> new TreeMap<>()).put(column, mismatches);
                    }
                    long foundMismatches = rows.getLong(4);
                    if (!rows.wasNull() && foundMismatches > 0) {
                        found.computeIfAbsent(table, t -> new TreeMap<>()).put(column, foundMismatches);
                    }
                }
            }
        }
    }

    private static void readSamples(Connection connection, long runId, Map<String, List<Sample>> samples)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT table_name, kind, row_key, columns_json FROM tandem_reconcile_sample"
                        + " WHERE run_id = ? ORDER BY table_name, position")) {
            select.setLong(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    samples.computeIfAbsent(rows.getString(1), t -> new ArrayList<>())
                            .add(new Sample(
                                    DifferenceKind.valueOf(rows.getString(2)),
                                    rows.getString(3),
                                    fromJson(rows.getString(4))));
                }
            }
        }
    }

    /** The repairs run {@code runId} listed, in order. */
    static List<PlannedRepair> repairs(Connection connection, long runId) throws SQLException {
        List<PlannedRepair> repairs = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT table_name, row_key, action FROM tandem_reconcile_repair WHERE run_id = ? ORDER BY position")) {
            select.setLong(1, runId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    repairs.add(new PlannedRepair(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return repairs;
    }

    private static String toJson(List<ColumnDifference> columns) {
        try {
            return json.writeValueAsString(columns);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a sample's columns as JSON", e);
        }
    }

    private static List<ColumnDifference> fromJson(String text) {
        try {
            return json.readValue(text, COLUMNS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored sample's columns are not readable: " + e.getMessage(), e);
        }
    }

    /** The configured tables as stored: a JSON array. */
    static String tablesJson(List<String> tables) {
        try {
            return json.writeValueAsString(tables);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the configured tables as JSON", e);
        }
    }

    static List<String> tablesFromJson(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return json.readValue(text, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A run's stored configured tables are not readable: " + e.getMessage(), e);
        }
    }
}
