package dev.tandem.retry.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The raw limit: the least plain JDBC that still fences, with no Kafka, no decoding and no framework.
 * Per chunk of rows, in one transaction, one multi-row statement advances a version table only where
 * the version is newer and returns the winners, and one multi-row upsert writes those rows.
 */
final class RawFencedUpsert {

    private final DataSource dataSource;
    private final String table;
    private final String fence;

    RawFencedUpsert(DataSource dataSource, String table) {
        this.dataSource = dataSource;
        this.table = table;
        this.fence = table + "_fence";
    }

    void create() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table
                    + " (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance BIGINT NOT NULL)");
            statement.execute("CREATE TABLE " + fence + " (row_key VARCHAR(200) PRIMARY KEY, version BIGINT NOT NULL)");
        }
    }

    /** Writes rows {@code 1..rows} at {@code version} in chunks; returns how many were written. */
    long write(long rows, long version, int chunk) throws SQLException {
        long written = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (long first = 1; first <= rows; first += chunk) {
                long last = Math.min(rows, first + chunk - 1);
                written += writeChunk(connection, first, last, version);
                connection.commit();
            }
        }
        return written;
    }

    private int writeChunk(Connection connection, long first, long last, long version) throws SQLException {
        int size = (int) (last - first + 1);
        Set<Long> winners = new HashSet<>();
        try (PreparedStatement advance = connection.prepareStatement("INSERT INTO " + fence
                + " (row_key, version) VALUES " + placeholders(size, 2)
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
        if (winners.isEmpty()) {
            return 0;
        }
        List<Long> ids = new ArrayList<>(winners);
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

    private static String placeholders(int rows, int columns) {
        String row = "(" + "?, ".repeat(columns - 1) + "?)";
        StringBuilder sql = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ", ").append(row);
        }
        return sql.toString();
    }
}
