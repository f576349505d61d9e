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
 * deletes every row queued so far with one range delete per run of consecutive sequences, in one
 * transaction; rows it could not delete stay, and the relay publishes them again (harmless through
 * the fence).
 */
final class OutboxCleaner {

    private static final Logger log = LoggerFactory.getLogger(OutboxCleaner.class);
    /** Runs of done rows deleted per statement batch. */
    private static final int RUNS_PER_BATCH = 500;

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

    /** Deletes the rows of every write reported done so far: one range delete per run, one transaction. */
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
            // READ COMMITTED: the range deletes lock the rows they delete, not the gaps around them.
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
     * Deletes the rows of {@code seqs} on {@code connection}, in its transaction: one {@code seq BETWEEN}
     * per run of consecutive sequences ({@link SequenceRuns}), each a primary-key range holding only rows
     * known durable, in ascending order like the relay's claim, so neither waits on a row the other has
     * not already locked in that order.
     */
    void delete(Connection connection, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(sql.deleteRun())) {
            int batched = 0;
            for (SequenceRuns.Run run : SequenceRuns.of(seqs)) {
                delete.setLong(1, run.first());
                delete.setLong(2, run.last());
                delete.addBatch();
                if (++batched == RUNS_PER_BATCH) {
                    delete.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) {
                delete.executeBatch();
            }
        }
    }
}
