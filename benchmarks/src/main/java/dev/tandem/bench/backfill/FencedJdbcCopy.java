package dev.tandem.bench.backfill;

import dev.tandem.bench.peers.Measured;
import dev.tandem.core.fence.FenceMigrations;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.testkit.CpuTime;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * The fenced JDBC limit of {@link BackfillBenchmark}: the primary streamed with one cursor (plain
 * JDBC, {@code getObject} per column), blocks of 2,000 rows handed to writer connections, each block
 * one transaction advancing Tandem's fence table (the dialect's own statement) and one multi-row
 * upsert of the winners. What Tandem's work costs without checkpoints, verification and mapping.
 */
final class FencedJdbcCopy {

    private static final int BLOCK = 2_000;

    private FencedJdbcCopy() {}

    /**
     * One cursor on the primary feeding {@code writers} connections that fence-upsert blocks into the
     * (emptied) secondary; checked row by row before it returns.
     */
    static Measured.Run run(DataSource primary, DataSource secondary, long rows, int writers) throws Exception {
        try (Connection connection = secondary.getConnection()) {
            FenceMigrations.of("tandem_fence").migrate(connection);
        }
        CpuTime cpuStart = CpuTime.now();
        long start = System.nanoTime();
        BlockingQueue<List<Object[]>> blocks = new ArrayBlockingQueue<>(writers * 2);
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        List<Future<Long>> written = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            written.add(threads.submit(() -> upsertBlocks(secondary, blocks)));
        }
        try (Connection connection = primary.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, " + BigTable.COLUMNS + " FROM big ORDER BY id",
                    ResultSet.TYPE_FORWARD_ONLY,
                    ResultSet.CONCUR_READ_ONLY)) {
                select.setFetchSize(Integer.MIN_VALUE);
                try (ResultSet result = select.executeQuery()) {
                    List<Object[]> block = new ArrayList<>(BLOCK);
                    while (result.next()) {
                        Object[] row = new Object[7];
                        for (int i = 0; i < 7; i++) {
                            row[i] = result.getObject(i + 1);
                        }
                        block.add(row);
                        if (block.size() == BLOCK) {
                            blocks.put(block);
                            block = new ArrayList<>(BLOCK);
                        }
                    }
                    if (!block.isEmpty()) {
                        blocks.put(block);
                    }
                }
            }
            connection.rollback();
        }
        for (int w = 0; w < writers; w++) {
            blocks.put(List.of());
        }
        long total = 0;
        for (Future<Long> part : written) {
            total += part.get();
        }
        threads.shutdown();
        double took = (System.nanoTime() - start) / 1e9;
        CpuTime cpu = CpuTime.now();
        if (total != rows) {
            throw new IllegalStateException("fenced JDBC wrote " + total + " rows, not " + rows);
        }
        SameRows.check("fenced JDBC", primary, secondary, rows);
        return new Measured.Run(took, cpu.jvmSecondsSince(cpuStart), cpu.serverSecondsSince(cpuStart), 0);
    }

    private static long upsertBlocks(DataSource secondary, BlockingQueue<List<Object[]>> blocks) throws Exception {
        long written = 0;
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (Connection connection = secondary.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            connection.setAutoCommit(false);
            while (true) {
                List<Object[]> block = blocks.take();
                if (block.isEmpty()) {
                    return written;
                }
                Map<String, Object[]> byHash = new HashMap<>();
                List<Object[]> winners = new ArrayList<>();
                try (PreparedStatement advance =
                        connection.prepareStatement(dialect.advanceNewerFenceRows("tandem_fence", block.size())
                                .orElseThrow())) {
                    int i = 1;
                    for (Object[] row : block) {
                        String rowKey = "id=" + row[0];
                        byte[] hash = sha256.digest(rowKey.getBytes(StandardCharsets.UTF_8));
                        byHash.put(new String(hash, StandardCharsets.ISO_8859_1), row);
                        advance.setString(i++, "big");
                        advance.setBytes(i++, hash);
                        advance.setString(i++, rowKey);
                        advance.setLong(i++, ((Number) row[6]).longValue());
                        advance.setBoolean(i++, false);
                        advance.setString(i++, UUID.randomUUID().toString());
                    }
                    try (ResultSet won = advance.executeQuery()) {
                        while (won.next()) {
                            winners.add(byHash.get(new String(won.getBytes(1), StandardCharsets.ISO_8859_1)));
                        }
                    }
                }
                try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO big (id, " + BigTable.COLUMNS
                        + ") VALUES " + placeholders(winners.size())
                        + " ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, balance = EXCLUDED.balance,"
                        + " created_at = EXCLUDED.created_at, active = EXCLUDED.active, note = EXCLUDED.note,"
                        + " version = EXCLUDED.version")) {
                    int i = 1;
                    for (Object[] row : winners) {
                        upsert.setLong(i++, ((Number) row[0]).longValue());
                        upsert.setString(i++, (String) row[1]);
                        upsert.setBigDecimal(i++, (BigDecimal) row[2]);
                        upsert.setObject(i++, row[3]);
                        upsert.setBoolean(i++, toBoolean(row[4]));
                        upsert.setString(i++, (String) row[5]);
                        upsert.setLong(i++, ((Number) row[6]).longValue());
                    }
                    upsert.executeUpdate();
                }
                connection.commit();
                written += winners.size();
            }
        }
    }

    private static boolean toBoolean(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }

    private static String placeholders(int rows) {
        StringBuilder sql = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
        }
        return sql.toString();
    }
}
