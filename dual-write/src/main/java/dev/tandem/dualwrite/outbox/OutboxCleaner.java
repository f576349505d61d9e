package dev.tandem.dualwrite.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the outbox rows of writes known durable: {@link #done} queues a row, {@link #deleteDone}
 * deletes every row queued so far by its sequence, in one transaction; rows it could not delete stay, and the relay publishes them again (harmless through
 * the fence).
 */
final class OutboxCleaner {

    private static final Logger log = LoggerFactory.getLogger(OutboxCleaner.class);
    /** Row deletes sent per statement batch. */
    static final int ROWS_PER_BATCH = 500;

    private final DataSource primary;
    private final OutboxSql sql;
    private final Queue<Long> done = new ConcurrentLinkedQueue<>();

    OutboxCleaner(DataSource primary, OutboxSql sql) {
        this.primary = primary;
        this.sql = sql;
    }

    /** The write of row {@code seq} is durable elsewhere: its row goes with the next pass. */
    void done(long seq) {
        done.add(seq);
    }

    /** Deletes the rows of every write reported done so far, in one transaction. */
    synchronized void deleteDone() {
        List<Long> batch = new ArrayList<>();
        Long seq;
        while ((seq = done.poll()) != null) {
            batch.add(seq);
        }
        if (batch.isEmpty()) {
            return;
        }
        try (Connection connection = primary.getConnection()) {
            int isolation = connection.getTransactionIsolation();
            // READ COMMITTED: the deletes lock the rows they delete, not the gaps around them.
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(false);
            try {
                delete(connection, batch);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
                connection.setTransactionIsolation(isolation);
            }
        } catch (SQLException | RuntimeException e) {
            // The rows stay; the relay will publish them again, which the fence makes harmless.
            log.warn("Could not delete {} outbox rows of durable writes: {}", batch.size(), e.toString());
        }
    }

    /**
     * Deletes the rows of {@code seqs} on {@code connection}, in its transaction, in ascending order like
     * the relay's claim: one {@code seq = ?} per row, sent in batches of {@value #ROWS_PER_BATCH}. An
     * equality on the primary key is a point lookup that locks its own row only. A range ({@code seq
     * BETWEEN a AND b}) or a list ({@code seq IN (…)}) would not do on MariaDB/MySQL: on a small outbox
     * the optimizer scans the table instead, and the scan waits for every row another relay holds, so
     * two relays deadlock and both publish their rows again.
     */
    void delete(Connection connection, List<Long> seqs) throws SQLException {
        long[] sorted =
                seqs.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        if (sorted.length == 0) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(sql.deleteSequence())) {
            for (int i = 0; i < sorted.length; i++) {
                delete.setLong(1, sorted[i]);
                delete.addBatch();
                if ((i + 1) % ROWS_PER_BATCH == 0 || i == sorted.length - 1) {
                    delete.executeBatch();
                }
            }
        }
    }
}
