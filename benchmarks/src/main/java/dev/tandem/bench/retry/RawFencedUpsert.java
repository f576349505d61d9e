package dev.tandem.bench.retry;

import dev.tandem.core.fence.FenceMigrations;
import dev.tandem.core.jdbc.Dialect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The raw limit: fenced upserts in plain JDBC, with no Kafka, no decoding, no schema checks and no
 * framework. Per chunk, in one transaction: one multi-row statement advances the fence where the
 * version is newer and returns the winners, and one multi-row upsert writes those rows.
 *
 * <p>{@link Fence#TANDEM} uses Tandem's fence table and statement (from the dialect), so it measures
 * what the database needs for exactly the work the consumer does; {@link Fence#NARROW} uses a
 * two-column version table keyed by text, to show what Tandem's fence layout itself costs; {@link
 * Fence#IN_TABLE} has no fence table at all: the row's own {@code version} column guards one
 * multi-row upsert per chunk ({@code ON CONFLICT … DO UPDATE … WHERE version < EXCLUDED.version}),
 * the limit of Tandem's in-table fence.
 */
final class RawFencedUpsert {

    enum Fence {
        TANDEM,
        NARROW,
        IN_TABLE
    }

    private final DataSource dataSource;
    private final String table;
    private final String fence;
    private final Fence layout;

    RawFencedUpsert(DataSource dataSource, String table, Fence layout) {
        this.dataSource = dataSource;
        this.table = table;
        this.fence = table + "_fence";
        this.layout = layout;
    }

    void create() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table
                    + " (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance BIGINT NOT NULL"
                    + (layout == Fence.IN_TABLE ? ", version BIGINT NOT NULL" : "") + ")");
            if (layout == Fence.IN_TABLE) {
                return;
            }
            if (layout == Fence.TANDEM) {
                FenceMigrations.of(fence).migrate(connection);
            } else {
                statement.execute(
                        "CREATE TABLE " + fence + " (row_key VARCHAR(200) PRIMARY KEY, version BIGINT NOT NULL)");
            }
        }
    }

    /**
     * Writes rows {@code 1..rows} at {@code version} in chunks, with {@code connections} connections
     * in parallel on disjoint rows; returns how many were written.
     */
    long write(long rows, long version, int chunk, int connections) throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(connections);
        try {
            List<java.util.concurrent.Future<Long>> parts = new ArrayList<>();
            long share = (rows + connections - 1) / connections;
            for (int c = 0; c < connections; c++) {
                long from = c * share + 1;
                long to = Math.min(rows, (c + 1) * share);
                parts.add(threads.submit(() -> write(from, to, version, chunk)));
            }
            long written = 0;
            for (java.util.concurrent.Future<Long> part : parts) {
                written += part.get();
            }
            return written;
        } finally {
            threads.shutdown();
        }
    }

    private long write(long from, long to, long version, int chunk) throws Exception {
        long written = 0;
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (Connection connection = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            connection.setAutoCommit(false);
            for (long first = from; first <= to; first += chunk) {
                long last = Math.min(to, first + chunk - 1);
                if (layout == Fence.IN_TABLE) {
                    written += guardedUpsert(connection, first, last, version);
                    connection.commit();
                    continue;
                }
                List<Long> winners = layout == Fence.TANDEM
                        ? advanceTandemFence(connection, dialect, sha256, first, last, version)
                        : advanceNarrowFence(connection, first, last, version);
                written += upsert(connection, winners);
                connection.commit();
            }
        }
        return written;
    }

    private List<Long> advanceTandemFence(
            Connection connection, Dialect dialect, MessageDigest sha256, long first, long last, long version)
            throws SQLException {
        String sql =
                dialect.advanceNewerFenceRows(fence, (int) (last - first + 1)).orElseThrow();
        Map<String, Long> idsByHash = new HashMap<>();
        List<Long> winners = new ArrayList<>();
        try (PreparedStatement advance = connection.prepareStatement(sql)) {
            int i = 1;
            for (long id = first; id <= last; id++) {
                String rowKey = "id=" + id;
                byte[] hash = sha256.digest((table + "/" + rowKey).getBytes(StandardCharsets.UTF_8));
                idsByHash.put(new String(hash, StandardCharsets.ISO_8859_1), id);
                advance.setString(i++, table);
                advance.setBytes(i++, hash);
                advance.setString(i++, rowKey);
                advance.setLong(i++, version);
                advance.setBoolean(i++, false);
                advance.setString(i++, UUID.randomUUID().toString());
            }
            try (ResultSet rows = advance.executeQuery()) {
                while (rows.next()) {
                    winners.add(idsByHash.get(new String(rows.getBytes(1), StandardCharsets.ISO_8859_1)));
                }
            }
        }
        return winners;
    }

    private List<Long> advanceNarrowFence(Connection connection, long first, long last, long version)
            throws SQLException {
        List<Long> winners = new ArrayList<>();
        try (PreparedStatement advance = connection.prepareStatement("INSERT INTO " + fence
                + " (row_key, version) VALUES " + placeholders((int) (last - first + 1), 2)
                + " ON CONFLICT (row_key) DO UPDATE SET version = EXCLUDED.version"
                + " WHERE " + fence + ".version < EXCLUDED.version RETURNING row_key")) {
            int i = 1;
            for (long id = first; id <= last; id++) {
                advance.setString(i++, table + "/id=" + id);
                advance.setLong(i++, version);
            }
            try (ResultSet rows = advance.executeQuery()) {
                while (rows.next()) {
                    String key = rows.getString(1);
                    winners.add(Long.parseLong(key.substring(key.indexOf("/id=") + 4)));
                }
            }
        }
        return winners;
    }

    private int upsert(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table
                + " (id, email, balance) VALUES " + placeholders(ids.size(), 3)
                + " ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, balance = EXCLUDED.balance")) {
            int i = 1;
            for (long id : ids) {
                upsert.setLong(i++, id);
                upsert.setString(i++, DrainBenchmark.email(id));
                upsert.setLong(i++, DrainBenchmark.balance(id));
            }
            upsert.executeUpdate();
        }
        return ids.size();
    }

    private int guardedUpsert(Connection connection, long first, long last, long version) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + table + " AS t"
                + " (id, email, balance, version) VALUES " + placeholders((int) (last - first + 1), 4)
                + " ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, balance = EXCLUDED.balance,"
                + " version = EXCLUDED.version WHERE t.version < EXCLUDED.version")) {
            int i = 1;
            for (long id = first; id <= last; id++) {
                upsert.setLong(i++, id);
                upsert.setString(i++, DrainBenchmark.email(id));
                upsert.setLong(i++, DrainBenchmark.balance(id));
                upsert.setLong(i++, version);
            }
            return upsert.executeUpdate();
        }
    }

    private static String placeholders(int rows, int columns) {
        String row = "(" + "?, ".repeat(columns - 1) + "?)";
        StringBuilder sql = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append(row);
        }
        return sql.toString();
    }
}
