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
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional outbox in the primary. {@link #append} runs inside the application's primary
 * transaction, right after the entity write, and inserts a lean row: the table, the row's key and the
 * write's version, no payload. Once the write is durable on the secondary or the retry topic, {@link
 * #done} queues its row for deletion; the cleaner deletes the done rows by their sequences, in one
 * transaction per pass. A relay, in every application instance, takes rows older
 * than {@code relayAge} — left by a crash, or by an apply still in flight — reads each one's row again
 * in the primary ({@link PrimaryRows}) and publishes it as it is now, an upsert at its version or a
 * delete when the row is gone, then deletes the rows once the broker acknowledged. Instances share the
 * work through {@code FOR UPDATE SKIP LOCKED}; publishing a row twice, or its current state in place
 * of an older write, is harmless thanks to the fence. Rows written with a payload before the lean rows
 * (migration V2) are relayed from their payload.
 *
 * <p>When an entity has no version, the row's sequence serves as the version: it grows for every write
 * of a row, because the entity write takes the row lock before the outbox insert and keeps it until
 * commit, so a later write of the same row gets a later sequence.
 */
public final class Outbox implements AutoCloseable {

    /** The outbox table's name unless configured otherwise. */
    public static final String DEFAULT_TABLE = "tandem_outbox";

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final OutboxSql sql;
    private final AppendStatements statements;
    private final PrimaryRows rows;
    private final Duration relayAge;
    private final OutboxCleaner cleaner;
    private final OutboxRelay relay;
    private final ScheduledExecutorService background;

    /**
     * As {@link #Outbox(DataSource, String, Duration, Duration, int, PrimaryRows, Predicate)}, the relay
     * reading rows whole ({@link PrimaryRows#of}).
     */
    public Outbox(
            DataSource primary,
            String table,
            Duration relayAge,
            Duration relayInterval,
            int relayBatch,
            Predicate<Mutation> publisher) {
        this(primary, table, relayAge, relayInterval, relayBatch, PrimaryRows.of(primary), publisher);
    }

    /**
     * Creates the outbox table if missing (or brings it up to date) and starts the relay and the cleaner.
     *
     * @param rows how the relay reads a write's row again in the primary
     * @param publisher publishes one relayed write to the retry topic; true once acknowledged
     */
    public Outbox(
            DataSource primary,
            String table,
            Duration relayAge,
            Duration relayInterval,
            int relayBatch,
            PrimaryRows rows,
            Predicate<Mutation> publisher) {
        Objects.requireNonNull(primary, "primary");
        Sql.requirePlainIdentifier("Outbox table name", table);
        if (relayBatch <= 0) {
            throw new IllegalArgumentException("relayBatch must be positive but was " + relayBatch);
        }
        this.relayAge = Objects.requireNonNull(relayAge, "relayAge");
        this.rows = Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(publisher, "publisher");
        try (Connection connection = primary.getConnection()) {
            this.sql = new OutboxSql(Dialect.of(connection), table);
            OutboxSql.migrations(table).migrate(connection);
        } catch (SQLException | SchemaMigrationException e) {
            throw new IllegalStateException("Could not create the outbox table " + table + " in the primary", e);
        }
        this.statements = new AppendStatements(sql);
        this.cleaner = new OutboxCleaner(primary, sql);
        this.relay = new OutboxRelay(primary, sql, rows, relayBatch, publisher, cleaner);
        this.background = Executors.newScheduledThreadPool(2, DaemonThreads.named("tandem-outbox"));
        background.scheduleWithFixedDelay(cleaner::deleteDone, 200, 200, TimeUnit.MILLISECONDS);
        long interval = relayInterval.toMillis();
        background.scheduleWithFixedDelay(this::relayQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Inserts {@code mutation}'s lean row (table, key, version) into the outbox through the primary
     * transaction's {@code connection}; returns the row's sequence. The insert is prepared once per
     * physical connection.
     *
     * @param versionFromSequence whether the sequence is the row's version (entities without one)
     */
    public long append(Connection connection, Mutation mutation, boolean versionFromSequence) throws SQLException {
        PreparedStatement insert = statements.insert(connection);
        insert.setString(1, mutation.table());
        insert.setString(2, MutationCodec.encodeKey(mutation.key()));
        insert.setLong(3, versionFromSequence ? 0 : mutation.version());
        insert.setBoolean(4, versionFromSequence);
        insert.setObject(5, LocalDateTime.now(ZoneOffset.UTC));
        if (sql.insertReturnsSequence()) {
            try (ResultSet keys = insert.executeQuery()) {
                return sequence(keys);
            }
        }
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
            return sequence(keys);
        }
    }

    private static long sequence(ResultSet keys) throws SQLException {
        if (!keys.next()) {
            throw new SQLException("The outbox insert returned no sequence");
        }
        return keys.getLong(1);
    }

    /** How the relay reads a write's row again: register a table's columns and version column there. */
    public PrimaryRows rows() {
        return rows;
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

    /** The write of row {@code seq} is durable elsewhere: its row will be deleted with the next pass. */
    public void done(long seq) {
        cleaner.done(seq);
    }

    /** Rows in the outbox at the relay's last look. */
    public long depth() {
        return relay.depth();
    }

    /** Age of the oldest row at the relay's last look; zero when empty. */
    public Duration oldestAge() {
        LocalDateTime first = relay.oldest();
        return first == null ? Duration.ZERO : Duration.between(first, LocalDateTime.now(ZoneOffset.UTC));
    }

    /** One relay pass: publishes and deletes up to a batch of rows older than the relay age; returns how many. */
    public int relayOnce() throws SQLException {
        return relay.relay(relayAge);
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
                cleaner.deleteDone();
                relay.relay(Duration.ZERO);
                if (relay.depth() == 0) {
                    return true;
                }
                if (System.nanoTime() >= deadline) {
                    log.warn("Outbox still holds {} rows after draining for {}", relay.depth(), timeout);
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

    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cleaner.deleteDone();
        statements.close();
    }

    private void relayQuietly() {
        try {
            relayOnce();
        } catch (SQLException | RuntimeException e) {
            log.warn("Outbox relay pass failed; rows stay in the outbox until the next pass: {}", e.toString());
        }
    }
}
