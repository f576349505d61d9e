package dev.tandem.reconcile.migration;

import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterConfig;
import dev.tandem.dualwrite.kafka.KafkaRetryConfig;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.dualwrite.migration.Migration;
import dev.tandem.dualwrite.migration.MigrationConfig;
import dev.tandem.dualwrite.migration.MigrationStores;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * One application instance of the end-to-end test: writes accounts continuously through the plain
 * Java API (each write in one primary transaction, version + 1, then dual-written), reads them
 * through the routed reads, and remembers every acknowledged write.
 */
final class MigrationApp implements AutoCloseable {

    /** Rows existing before the writes start. */
    static final int ROWS = 10_000;

    /** The last acknowledged write of a row: its version and balance. */
    record Acked(long version, BigDecimal balance) {}

    final String name;
    final Migration migration;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Map<Long, Acked> acked;
    private final AtomicLong nextNewId;
    private volatile boolean stopped;
    final AtomicLong writes = new AtomicLong();
    final AtomicLong reads = new AtomicLong();
    final AtomicLong maxWriteNanos = new AtomicLong();
    final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    MigrationApp(
            String name,
            int number,
            String migrationName,
            ControlTopic control,
            DataSource origin,
            DataSource target,
            String brokers,
            String forwardTopic,
            String reverseTopic,
            Path stateDirectory,
            Map<Long, Acked> acked) {
        this.name = name;
        this.acked = acked;
        this.nextNewId = new AtomicLong(1_000_000L * number);
        DualWriter intoTarget =
                writer(SecondaryStore.of(target), brokers, forwardTopic, stateDirectory.resolve("spool-f"));
        DualWriter intoOrigin =
                writer(SecondaryStore.of(origin), brokers, reverseTopic, stateDirectory.resolve("spool-r"));
        this.migration = Migration.start(
                control,
                new MigrationStores(origin, target, intoTarget, intoOrigin),
                MigrationConfig.custom(migrationName)
                        .instance(name)
                        .stateDirectory(stateDirectory)
                        .heartbeatInterval(Duration.ofMillis(300))
                        .maxWriteHold(Duration.ofSeconds(10))
                        .build());
    }

    private DualWriter writer(SecondaryStore store, String brokers, String topic, Path spool) {
        KafkaRetryHandOff handOff = KafkaRetryHandOff.create(KafkaRetryConfig.custom(brokers)
                .topic(topic)
                .spoolDirectory(spool)
                .build());
        DualWriter writer =
                DualWriter.of(store, handOff, DualWriterConfig.custom().build());
        resources.add(handOff);
        resources.add(writer);
        return writer;
    }

    /** Starts {@code writers} writing threads and one reading thread. */
    void start(int writers) {
        for (int i = 0; i < writers; i++) {
            threads.add(thread(name + "-writer-" + i, this::writeOnce));
        }
        threads.add(thread(name + "-reader", this::readOnce));
        threads.forEach(Thread::start);
    }

    private Thread thread(String threadName, Runnable step) {
        Thread thread = new Thread(() -> {
            while (!stopped) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        thread.setName(threadName);
        thread.setDaemon(true);
        return thread;
    }

    private void writeOnce() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean insert = random.nextInt(10) == 0;
        long id = insert ? nextNewId.incrementAndGet() : 1 + random.nextInt(ROWS);
        BigDecimal balance = BigDecimal.valueOf(random.nextInt(1_000_000), 2);
        long started = System.nanoTime();
        try {
            List<Mutation> written =
                    migration.write((connection, primary) -> List.of(upsert(connection, id, insert, balance)));
            long version = written.get(0).version();
            acked.merge(id, new Acked(version, balance), (a, b) -> a.version() >= b.version() ? a : b);
            writes.incrementAndGet();
        } catch (SQLException e) {
            throw new IllegalStateException(name + " could not write account " + id, e);
        }
        maxWriteNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
    }

    /**
     * Inserts a new row at version 1, or locks an existing one, raises its version and sets the
     * balance. (A new row is not looked up first: on MariaDB two lookups of missing keys take gap
     * locks that deadlock the inserts.)
     */
    private static Mutation upsert(Connection connection, long id, boolean insert, BigDecimal balance)
            throws SQLException {
        long version = 1;
        if (!insert) {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT version FROM accounts WHERE id = ? FOR UPDATE")) {
                select.setLong(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1) + 1;
                }
            }
        }
        String sql = version == 1
                ? "INSERT INTO accounts (version, balance, owner, id) VALUES (?, ?, ?, ?)"
                : "UPDATE accounts SET version = ?, balance = ?, owner = ? WHERE id = ?";
        try (PreparedStatement write = connection.prepareStatement(sql)) {
            write.setLong(1, version);
            write.setBigDecimal(2, balance);
            write.setString(3, "owner " + id);
            write.setLong(4, id);
            write.executeUpdate();
        }
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(version)
                .column("version", version)
                .column("balance", balance)
                .column("owner", "owner " + id)
                .build();
    }

    private void readOnce() {
        long id = 1 + ThreadLocalRandom.current().nextInt(ROWS);
        migration.reads().row("accounts", Map.of("id", id));
        reads.incrementAndGet();
    }

    /** Stops writing and reading, and waits for the threads. */
    void stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        migration.close();
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    static Map<Long, Acked> newLedger() {
        return new ConcurrentHashMap<>();
    }
}
