package dev.tandem.dualwrite.outbox;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.Sql;
import dev.tandem.core.schema.SchemaMigrationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional outbox in the primary. {@link #append} runs inside the application's primary
 * transaction, right after the entity write; once the write is durable on the secondary or the retry
 * topic, {@link #done} queues its row for a batched delete. A relay, in every application instance,
 * publishes rows older than {@code relayAge} — left by a crash, or by an apply still in flight — and
 * deletes them once the broker acknowledged. Instances share the work through
 * {@code FOR UPDATE SKIP LOCKED}; a row published twice in a failure is harmless thanks to the fence.
 *
 * <p>When an entity has no version, the row's sequence serves as the version: it grows for every write
 * of a row, because the entity write takes the row lock before the outbox insert and keeps it until
 * commit, so a later write of the same row gets a later sequence.
 */
public final class Outbox implements AutoCloseable {

    /** The outbox table's name unless configured otherwise. */
    public static final String DEFAULT_TABLE = "tandem_outbox";

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final int MAX_DELETE = 1_000;

    private final DataSource primary;
    private final OutboxSql sql;
    private final Duration relayAge;
    private final int relayBatch;
    private final Predicate<Mutation> publisher;
    private final Queue<Long> done = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService background;
    private volatile long depth;
    private volatile LocalDateTime oldest;

    /**
     * Creates the outbox table if missing (or brings it up to date) and starts the relay and the cleaner.
     *
     * @param publisher publishes one relayed write to the retry topic; true once acknowledged
     */
    public Outbox(
            DataSource primary,
            String table,
            Duration relayAge,
            Duration relayInterval,
            int relayBatch,
            Predicate<Mutation> publisher) {
        this.primary = Objects.requireNonNull(primary, "primary");
        Sql.requirePlainIdentifier("Outbox table name", table);
        if (relayBatch <= 0) {
            throw new IllegalArgumentException("relayBatch must be positive but was " + relayBatch);
        }
        this.relayAge = Objects.requireNonNull(relayAge, "relayAge");
        this.relayBatch = relayBatch;
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        try (Connection connection = primary.getConnection()) {
            this.sql = new OutboxSql(Dialect.of(connection), table);
            OutboxSql.migrations(table).migrate(connection);
        } catch (SQLException | SchemaMigrationException e) {
            throw new IllegalStateException("Could not create the outbox table " + table + " in the primary", e);
        }
        this.background = Executors.newScheduledThreadPool(2, DaemonThreads.named("tandem-outbox"));
        background.scheduleWithFixedDelay(this::deleteDone, 200, 200, TimeUnit.MILLISECONDS);
        long interval = relayInterval.toMillis();
        background.scheduleWithFixedDelay(this::relayQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Inserts {@code mutation} into the outbox through the primary transaction's {@code connection};
     * returns the row's sequence.
     *
     * @param versionFromSequence whether the sequence is the row's version (entities without one)
     */
    public long append(Connection connection, Mutation mutation, boolean versionFromSequence) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql.insert(), new String[] {"seq"})) {
            insert.setString(1, mutation.table());
            insert.setString(2, mutation.rowKey());
            insert.setBytes(3, MutationCodec.encode(mutation));
            insert.setBoolean(4, versionFromSequence);
            insert.setObject(5, LocalDateTime.now(ZoneOffset.UTC));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("The outbox insert returned no sequence");
                }
                return keys.getLong(1);
            }
        }
    }

    /** {@code mutation} with {@code version}, e.g. the outbox sequence of an entity without a version. */
    public static Mutation withVersion(Mutation mutation, long version) {
        return new Mutation(
                mutation.writeId(),
                mutation.table(),
                mutation.key(),
                mutation.operation(),
                version,
                mutation.columns(),
                mutation.committedAt(),
                mutation.attempt());
    }

    /** The write of row {@code seq} is durable elsewhere: its row will be deleted with the next batch. */
    public void done(long seq) {
        done.add(seq);
    }

    /** Rows in the outbox at the relay's last look. */
    public long depth() {
        return depth;
    }

    /** Age of the oldest row at the relay's last look; zero when empty. */
    public Duration oldestAge() {
        LocalDateTime first = oldest;
        return first == null ? Duration.ZERO : Duration.between(first, LocalDateTime.now(ZoneOffset.UTC));
    }

    /** One relay pass: publishes and deletes up to a batch of rows older than the relay age; returns how many. */
    public int relayOnce() throws SQLException {
        return relay(relayAge);
    }

    /**
     * Empties the outbox for a cutover's hold: deletes the rows of writes known durable and publishes
     * every other row, whatever its age, until none is left; false if rows remain after {@code
     * timeout}. With writes held and drained, what is left was left by a crash or is only spooled.
     */
    public boolean drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                deleteDone();
                relay(Duration.ZERO);
                if (depth == 0) {
                    return true;
                }
                if (System.nanoTime() >= deadline) {
                    log.warn("Outbox still holds {} rows after draining for {}", depth, timeout);
                    return false;
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (SQLException | RuntimeException e) {
            log.warn("Draining the outbox failed: {}", e.toString());
            return false;
        }
    }

    private int relay(Duration minimumAge) throws SQLException {
        int published = 0;
        try (Connection connection = primary.getConnection()) {
            int isolation = connection.getTransactionIsolation();
            // Under REPEATABLE READ, InnoDB's SKIP LOCKED scan takes gap locks that deadlock concurrent relays.
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            connection.setAutoCommit(false);
            try {
                List<Long> acknowledged = new ArrayList<>();
                try (PreparedStatement claim = connection.prepareStatement(sql.claim())) {
                    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
                    // Draining takes every row: "created before a second from now" also covers clock skew.
                    claim.setObject(1, minimumAge.isZero() ? now.plusSeconds(1) : now.minus(minimumAge));
                    claim.setInt(2, relayBatch);
                    try (ResultSet rs = claim.executeQuery()) {
                        while (rs.next()) {
                            long seq = rs.getLong(1);
                            Mutation mutation = MutationCodec.decode(rs.getBytes(2));
                            if (rs.getBoolean(3)) {
                                mutation = withVersion(mutation, seq);
                            }
                            if (!publisher.test(mutation)) {
                                break;
                            }
                            acknowledged.add(seq);
                        }
                    }
                }
                delete(connection, acknowledged);
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

    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteDone();
    }

    private void relayQuietly() {
        try {
            relayOnce();
        } catch (SQLException | RuntimeException e) {
            log.warn("Outbox relay pass failed; rows stay in the outbox until the next pass: {}", e.toString());
        }
    }

    private void deleteDone() {
        List<Long> batch = new ArrayList<>();
        Long seq;
        while (batch.size() < MAX_DELETE && (seq = done.poll()) != null) {
            batch.add(seq);
        }
        if (batch.isEmpty()) {
            return;
        }
        try (Connection connection = primary.getConnection()) {
            delete(connection, batch);
        } catch (SQLException | RuntimeException e) {
            // The rows stay; the relay will publish them again, which the fence makes harmless.
            log.warn("Could not delete {} outbox rows of durable writes: {}", batch.size(), e.toString());
        }
    }

    /**
     * Deletes rows one primary-key lookup each (sent as one batch): an {@code IN} list may be run as a
     * scan, which waits on rows other relays or the application hold and deadlocks with them.
     */
    private void delete(Connection connection, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(sql.delete())) {
            for (long seq : seqs) {
                delete.setLong(1, seq);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }
}
