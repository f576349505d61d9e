package dev.tandem.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.backfill.Backfill;
import dev.tandem.backfill.BackfillOptions;
import dev.tandem.backfill.BackfillResult;
import dev.tandem.backfill.BackfillTable;
import dev.tandem.core.Mutation;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.source.TableSpec;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterConfig;
import dev.tandem.dualwrite.WriteMode;
import dev.tandem.dualwrite.kafka.KafkaRetryConfig;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A backfill of 300,000 rows while live writers update, insert and delete rows of the same table on
 * the primary and dual-write them (a real {@link DualWriter}, inline, through the fenced store): the
 * secondary ends equal to the primary, and no row a live writer wrote is older there.
 */
class LiveWritersBackfillIT {

    private static final int ROWS = 300_000;

    private final BackfillStores stores = new BackfillStores();
    private final AtomicLong nextId = new AtomicLong(ROWS);
    private final Set<Long> written = ConcurrentHashMap.newKeySet();
    private final AtomicLong writes = new AtomicLong();

    @Test
    void backfillBesideLiveWritesEndsWithTheSecondaryEqualToThePrimary() throws Exception {
        stores.seedAccounts(ROWS);
        EmbeddedKafka kafka = EmbeddedServices.kafka();
        String topic = "tandem.retry." + stores.database;
        kafka.createTopic(topic, 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        BackfillResult result;
        long writesDuringBackfill;
        try (KafkaRetryHandOff retry = KafkaRetryHandOff.create(KafkaRetryConfig.custom(kafka.bootstrapServers())
                        .topic(topic)
                        .spoolDirectory(Path.of("target", "spool-" + stores.database))
                        .build());
                DualWriter writer = DualWriter.of(
                        stores.store(SchemaMapping.NONE),
                        retry,
                        DualWriterConfig.custom()
                                .mode(WriteMode.INLINE)
                                // Correctness is under test here, not latency: a slow apply on this
                                // busy machine must not send writes to the retry topic.
                                .slowCallThreshold(Duration.ofSeconds(60))
                                .build())) {
            for (int i = 0; i < 2; i++) {
                Thread thread = new Thread(() -> write(writer, writing), "live-writer-" + i);
                thread.start();
                writers.add(thread);
            }
            Backfill backfill = stores.backfill(
                    BackfillOptions.custom()
                            .workers(2)
                            .chunkRows(20_000)
                            .verifySettle(Duration.ofMillis(500))
                            .build(),
                    SchemaMapping.NONE);
            long before = writes.get();
            result = backfill.run(List.of(BackfillTable.of("accounts", "version")));
            writesDuringBackfill = writes.get() - before;
            writing.set(false);
            for (Thread thread : writers) {
                thread.join();
            }
        }

        assertThat(result.complete()).as(result.text()).isTrue();
        // 15 chunks of 20,000 keys and the open end; one fewer if live deletes came before the planning.
        assertThat(result.tables().get(0).chunks()).isBetween(15, 16);
        assertThat(writesDuringBackfill)
                .as("live writes while the backfill ran")
                .isGreaterThan(200);

        TableResult reconciled = new TableReconciliation(stores.primary, stores.secondary, Duration.ofMillis(200), 100)
                .run(TableSpec.of("accounts"));
        assertThat(reconciled.rowsCompared()).isGreaterThanOrEqualTo(ROWS - written.size());
        assertThat(reconciled.found())
                .as("differences: %s", reconciled.confirmed())
                .isZero();

        Map<Long, Long> primary = BackfillStores.versions(stores.primary, "accounts");
        Map<Long, Long> secondary = BackfillStores.versions(stores.secondary, "accounts");
        for (long id : written) {
            if (primary.containsKey(id)) {
                assertThat(secondary.get(id))
                        .as("version of row %d written live", id)
                        .isEqualTo(primary.get(id));
            } else {
                assertThat(secondary).as("row %d deleted live", id).doesNotContainKey(id);
            }
        }
        assertThat(secondary).isEqualTo(primary);
    }

    /** Until told to stop: updates (70 %), inserts (20 %) and deletes (10 %), each committed then dual-written. */
    private void write(DualWriter writer, AtomicBoolean writing) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (writing.get()) {
            try (Connection connection = stores.primary.getConnection()) {
                connection.setAutoCommit(false);
                int dice = random.nextInt(10);
                Mutation mutation;
                if (dice < 2) {
                    long id = nextId.incrementAndGet();
                    try (PreparedStatement insert =
                            connection.prepareStatement("INSERT INTO accounts VALUES (?, ?, ?, ?, 1)")) {
                        insert.setLong(1, id);
                        insert.setString(2, "new owner " + id);
                        insert.setLong(3, id);
                        insert.setString(4, "inserted live");
                        insert.executeUpdate();
                    }
                    mutation = row(id, "new owner " + id, id, "inserted live", 1);
                    written.add(id);
                } else {
                    long id = 1 + random.nextLong(ROWS);
                    Long version = lockVersion(connection, id);
                    if (version == null) {
                        connection.rollback();
                        continue; // deleted before
                    }
                    if (dice < 3) {
                        try (PreparedStatement delete =
                                connection.prepareStatement("DELETE FROM accounts WHERE id = ?")) {
                            delete.setLong(1, id);
                            delete.executeUpdate();
                        }
                        mutation = Mutation.delete("accounts")
                                .key("id", id)
                                .version(version + 1)
                                .build();
                    } else {
                        long balance = random.nextLong(1_000_000);
                        try (PreparedStatement update = connection.prepareStatement(
                                "UPDATE accounts SET balance = ?, note = ?, version = ? WHERE id = ?")) {
                            update.setLong(1, balance);
                            update.setString(2, "updated live");
                            update.setLong(3, version + 1);
                            update.setLong(4, id);
                            update.executeUpdate();
                        }
                        mutation = row(id, "owner " + id, balance, "updated live", version + 1);
                    }
                    written.add(id);
                }
                connection.commit();
                writer.write(mutation);
                writes.incrementAndGet();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Long lockVersion(Connection connection, long id) throws Exception {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT version FROM accounts WHERE id = ? FOR UPDATE")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    private static Mutation row(long id, String owner, long balance, String note, long version) {
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(version)
                .column("owner", owner)
                .column("balance", balance)
                .column("note", note)
                .column("version", version)
                .build();
    }
}
