package dev.tandem.dualwrite.outbox;

import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's relay: takes the oldest rows ({@code FOR UPDATE SKIP LOCKED}, so instances share the
 * work), reads each lean row's table row again in the primary ({@link PrimaryRows}) and publishes it
 * as it is now (an upsert at its version, a delete when the row is gone; the rows of one key become
 * one write), publishes rows written with a payload before the lean rows from their payload, and
 * deletes what the broker acknowledged in the same transaction. It also keeps the outbox's depth and
 * oldest row as of its last look.
 */
final class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DataSource primary;
    private final OutboxSql sql;
    private final PrimaryRows rows;
    private final int relayBatch;
    private final Predicate<Mutation> publisher;
    private final OutboxCleaner cleaner;
    private volatile long depth;
    private volatile LocalDateTime oldest;

    OutboxRelay(
            DataSource primary,
            OutboxSql sql,
            PrimaryRows rows,
            int relayBatch,
            Predicate<Mutation> publisher,
            OutboxCleaner cleaner) {
        this.primary = primary;
        this.sql = sql;
        this.rows = rows;
        this.relayBatch = relayBatch;
        this.publisher = publisher;
        this.cleaner = cleaner;
    }

    /** Rows in the outbox at the last look. */
    long depth() {
        return depth;
    }

    /** The oldest row's creation at the last look; null when empty. */
    LocalDateTime oldest() {
        return oldest;
    }

    /**
     * One pass: claims up to a batch of rows created before {@code minimumAge} ago, publishes them and
     * deletes those acknowledged, in one transaction; then looks at the outbox's depth. Returns how
     * many writes it published.
     */
    int relay(Duration minimumAge) throws SQLException {
        int published = 0;
        try (Connection connection = primary.getConnection()) {
            int isolation = connection.getTransactionIsolation();
            // Under REPEATABLE READ, InnoDB's SKIP LOCKED scan takes gap locks that deadlock concurrent relays.
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(false);
            try {
                List<Long> acknowledged = publish(claim(connection, minimumAge));
                cleaner.delete(connection, acknowledged);
                connection.commit();
                published = acknowledged.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
                connection.setTransactionIsolation(isolation);
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(sql.depth())) {
                rs.next();
                depth = rs.getLong(1);
                oldest = rs.getObject(2, LocalDateTime.class);
            }
        }
        if (published > 0) {
            log.info("Outbox relay published {} writes left in the outbox to the retry topic", published);
        }
        return published;
    }

    /** Locks up to a batch of the oldest rows created before the minimum age, in sequence order. */
    private List<OutboxRow> claim(Connection connection, Duration minimumAge) throws SQLException {
        List<OutboxRow> claimed = new ArrayList<>();
        try (PreparedStatement claim = connection.prepareStatement(sql.claim())) {
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            // Draining takes every row: "created before a second from now" also covers clock skew.
            claim.setObject(1, minimumAge.isZero() ? now.plusSeconds(1) : now.minus(minimumAge));
            claim.setInt(2, relayBatch);
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    claimed.add(new OutboxRow(
                            seq,
                            rs.getString(2),
                            rs.getString(3),
                            rs.getBytes(4),
                            rs.getLong(5),
                            rs.getBoolean(6),
                            rs.getObject(7, LocalDateTime.class)));
                }
            }
        }
        return claimed;
    }

    /**
     * Publishes the claimed rows in sequence order until the publisher refuses one; returns the
     * sequences acknowledged. The lean rows of one row key become one write: the row as it is now.
     */
    private List<Long> publish(List<OutboxRow> claimed) throws SQLException {
        Map<String, List<OutboxRow>> leanByTable = new LinkedHashMap<>();
        for (OutboxRow row : claimed) {
            if (row.lean()) {
                leanByTable.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row);
            }
        }
        Map<Long, PrimaryRows.Keyed> writeOfFirstRow = new HashMap<>();
        for (Map.Entry<String, List<OutboxRow>> table : leanByTable.entrySet()) {
            try {
                for (PrimaryRows.Keyed keyed : rows.current(table.getKey(), table.getValue())) {
                    writeOfFirstRow.put(keyed.rows().get(0).seq(), keyed);
                }
            } catch (SQLException | RuntimeException e) {
                // Its rows stay for the next pass; the other tables' rows go on.
                log.warn(
                        "Outbox relay could not read {} rows of table {} again in the primary; they stay: {}",
                        table.getValue().size(),
                        table.getKey(),
                        e.toString());
            }
        }
        List<Long> acknowledged = new ArrayList<>();
        for (OutboxRow row : claimed) {
            if (!row.lean()) {
                // Written before V2: the write itself, versioned by its sequence when it has no version.
                Mutation mutation = MutationCodec.decode(row.payload());
                if (!publisher.test(row.versionFromSequence() ? Outbox.withVersion(mutation, row.seq()) : mutation)) {
                    break;
                }
                acknowledged.add(row.seq());
                continue;
            }
            PrimaryRows.Keyed keyed = writeOfFirstRow.get(row.seq());
            if (keyed == null) {
                continue; // a later row of a key already published, or of a table that could not be read
            }
            if (!publisher.test(keyed.write())) {
                break;
            }
            keyed.rows().forEach(r -> acknowledged.add(r.seq()));
        }
        return acknowledged;
    }
}
