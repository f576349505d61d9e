package dev.tandem.dualwrite.outbox;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.FailureClassifier;
import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.core.codec.RetryHeaders;
import dev.tandem.dualwrite.RetryTopic;
import dev.tandem.dualwrite.kafka.KafkaRetryConfig;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import dev.tandem.testkit.Jdbc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The outbox relay on each engine as primary, with several relays at once and with Kafka down. */
class OutboxRelayIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private static DataSource freshPrimary(Engine engine) {
        return EmbeddedServices.database(engine)
                .dataSource("outbox_" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * Writes {@code rows} accounts as an application does in crash-safe mode: each row and its outbox
     * row in one primary transaction, the account versioned by its outbox sequence.
     */
    private static void appendRows(Outbox outbox, DataSource primary, int rows) throws SQLException {
        execute(primary, "CREATE TABLE IF NOT EXISTS accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL)");
        try (Connection c = primary.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO accounts (id, owner) VALUES (?, ?)")) {
                for (int i = 1; i <= rows; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, "o" + i);
                    insert.executeUpdate();
                    outbox.append(
                            c,
                            Mutation.upsert("accounts")
                                    .key("id", i)
                                    .column("owner", "o" + i)
                                    .build(),
                            true);
                }
            }
            c.commit();
        }
    }

    /** Runs {@code sql} on the primary and appends {@code write}'s outbox row, in one transaction. */
    private static void write(Outbox outbox, DataSource primary, String sql, Mutation write, boolean versionFromSeq)
            throws SQLException {
        try (Connection c = primary.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate(sql);
            }
            outbox.append(c, write, versionFromSeq);
            c.commit();
        }
    }

    private static DataSource secondaryWith(String table, boolean versioned) {
        DataSource secondary = EmbeddedServices.postgres()
                .dataSource("outbox_sec_" + UUID.randomUUID().toString().substring(0, 8));
        execute(
                secondary,
                "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL"
                        + (versioned ? ", version BIGINT NOT NULL)" : ")"));
        return secondary;
    }

    private static long depth(DataSource primary) throws SQLException {
        try (Connection c = primary.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tandem_outbox")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void severalRelaysPublishEveryRowOnceBetweenThem(Engine engine) throws Exception {
        DataSource primary = freshPrimary(engine);
        // By row key: a relay reads a lean row's row again, so a row published twice has two write ids.
        Map<String, AtomicInteger> published = new ConcurrentHashMap<>();
        List<Outbox> relays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            relays.add(new Outbox(primary, Outbox.DEFAULT_TABLE, Duration.ZERO, Duration.ofHours(1), 20, m -> {
                published
                        .computeIfAbsent(m.rowKey(), key -> new AtomicInteger())
                        .incrementAndGet();
                return true;
            }));
        }
        appendRows(relays.get(0), primary, 3000);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> passes = new ArrayList<>();
            for (Outbox relay : relays) {
                passes.add(pool.submit(() -> {
                    int total = 0;
                    while (depth(primary) > 0) {
                        try {
                            total += relay.relayOnce();
                        } catch (SQLException e) {
                            // As the scheduled relay does, a pass that failed for a passing reason is retried;
                            // a pass that failed after publishing (a deadlock in its deletes, as when they
                            // were range deletes) publishes its rows again, which the assertions below catch.
                            if (FailureClassifier.classify(e).isPermanent()) {
                                throw e;
                            }
                        }
                    }
                    return total;
                }));
            }
            int total = 0;
            for (Future<Integer> pass : passes) {
                total += pass.get();
            }
            assertThat(total).isEqualTo(3000);
        } finally {
            pool.shutdownNow();
            relays.forEach(Outbox::close);
        }
        assertThat(published.size()).as("rows published").isEqualTo(3000);
        assertThat(published.entrySet().stream()
                        .filter(e -> e.getValue().get() != 1)
                        .map(Map.Entry::getKey))
                .as("rows published more than once")
                .isEmpty();
        assertThat(depth(primary)).isZero();
    }

    /** The relay as an application without Spring wires it: publishing through the Kafka hand-off with no cause. */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void plainApiRelayDrainsTheOutboxThroughTheKafkaHandOff(Engine engine) throws Exception {
        DataSource primary = freshPrimary(engine);
        EmbeddedKafka kafka = EmbeddedServices.kafka();
        String topic = "tandem.retry.relay." + run;
        kafka.createTopic(topic, 3);
        KafkaRetryConfig config = KafkaRetryConfig.custom(kafka.bootstrapServers())
                .topic(topic)
                .spoolDirectory(Path.of("target", "spool-relay-" + run))
                .build();
        try (KafkaRetryHandOff retry = KafkaRetryHandOff.create(config);
                Outbox outbox = new Outbox(
                        primary,
                        Outbox.DEFAULT_TABLE,
                        Duration.ZERO,
                        Duration.ofHours(1),
                        100,
                        m -> retry.publishAcknowledged(m, HandOffReason.OUTBOX_RELAY, null))) {
            appendRows(outbox, primary, 25);

            assertThat(outbox.drain(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(depth(primary)).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = RetryTopic.readAll(kafka.bootstrapServers(), topic);
        assertThat(records).hasSize(25);
        assertThat(records).allSatisfy(r -> {
            assertThat(new String(r.headers().lastHeader(RetryHeaders.REASON).value(), StandardCharsets.UTF_8))
                    .isEqualTo("OUTBOX_RELAY");
            assertThat(r.headers().lastHeader(RetryHeaders.ERROR_CLASS)).isNull();
        });
        assertThat(records.stream().map(r -> MutationCodec.decode(r.value()).rowKey()))
                .doesNotHaveDuplicates()
                .hasSize(25);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void rowsStayWhileKafkaDoesNotAcknowledgeAndCarryTheirSequenceAsVersion(Engine engine) throws Exception {
        DataSource primary = freshPrimary(engine);
        List<Mutation> received = new ArrayList<>();
        boolean[] kafkaUp = {false};
        try (Outbox outbox = new Outbox(primary, Outbox.DEFAULT_TABLE, Duration.ZERO, Duration.ofHours(1), 100, m -> {
            if (kafkaUp[0]) {
                received.add(m);
            }
            return kafkaUp[0];
        })) {
            appendRows(outbox, primary, 5);

            assertThat(outbox.relayOnce()).isZero();
            assertThat(depth(primary)).isEqualTo(5);
            assertThat(outbox.depth()).isEqualTo(5);

            kafkaUp[0] = true;
            assertThat(outbox.relayOnce()).isEqualTo(5);
        }
        assertThat(depth(primary)).isZero();
        assertThat(received)
                .extracting(Mutation::version)
                .isSorted()
                .doesNotHaveDuplicates()
                .allMatch(v -> v > 0);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRowUpdatedTwiceBeforeTheRelayIsPublishedOnceAsItIsNowAtItsVersion(Engine engine) throws Exception {
        DataSource primary = freshPrimary(engine);
        execute(
                primary,
                "CREATE TABLE wallets (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL, version BIGINT NOT NULL)");
        DataSource secondary = secondaryWith("wallets", true);
        SecondaryStore store = SecondaryStore.of(secondary);
        List<Mutation> published = new CopyOnWriteArrayList<>();
        PrimaryRows rows = PrimaryRows.of(primary).table("wallets", List.of(), "version");
        try (Outbox outbox = new Outbox(
                primary, Outbox.DEFAULT_TABLE, Duration.ZERO, Duration.ofHours(1), 100, rows, published::add)) {
            write(outbox, primary, "INSERT INTO wallets VALUES (7, 'ana', 1)", wallet(7, "ana", 1), false);
            write(
                    outbox,
                    primary,
                    "UPDATE wallets SET owner = 'bea', version = 2 WHERE id = 7",
                    wallet(7, "bea", 2),
                    false);
            write(
                    outbox,
                    primary,
                    "UPDATE wallets SET owner = 'cid', version = 3 WHERE id = 7",
                    wallet(7, "cid", 3),
                    false);
            assertThat(depth(primary)).isEqualTo(3);

            assertThat(outbox.relayOnce()).as("outbox rows relayed").isEqualTo(3);
        }

        assertThat(published).singleElement().satisfies(m -> {
            assertThat(m.isDelete()).isFalse();
            assertThat(m.version()).isEqualTo(3);
            assertThat(m.columns()).containsEntry("owner", "cid").containsEntry("version", 3L);
        });
        assertThat(store.applyAll(published))
                .extracting(r -> r.outcome().name())
                .containsExactly("APPLIED");
        assertThat(Jdbc.rows(secondary, "SELECT id, owner, version FROM wallets"))
                .containsExactly(Map.of("id", 7L, "owner", "cid", "version", 3L));
        assertThat(depth(primary)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRowDeletedBeforeTheRelayReachesTheSecondaryAsADeleteThatBeatsItsLastUpsert(Engine engine) throws Exception {
        DataSource primary = freshPrimary(engine);
        execute(
                primary,
                "CREATE TABLE wallets (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL, version BIGINT NOT NULL)");
        DataSource secondary = secondaryWith("wallets", true);
        SecondaryStore store = SecondaryStore.of(secondary);
        List<Mutation> published = new CopyOnWriteArrayList<>();
        PrimaryRows rows = PrimaryRows.of(primary).table("wallets", List.of(), "version");
        try (Outbox outbox = new Outbox(
                primary, Outbox.DEFAULT_TABLE, Duration.ZERO, Duration.ofHours(1), 100, rows, published::add)) {
            // The insert and the update reached the secondary, but the process died before their rows went.
            write(outbox, primary, "INSERT INTO wallets VALUES (8, 'ana', 1)", wallet(8, "ana", 1), false);
            write(
                    outbox,
                    primary,
                    "UPDATE wallets SET owner = 'bea', version = 2 WHERE id = 8",
                    wallet(8, "bea", 2),
                    false);
            store.applyAll(List.of(wallet(8, "ana", 1), wallet(8, "bea", 2)));
            // A JPA delete carries the version of the last update.
            write(
                    outbox,
                    primary,
                    "DELETE FROM wallets WHERE id = 8",
                    Mutation.delete("wallets").key("id", 8L).version(2).build(),
                    false);

            assertThat(outbox.relayOnce()).isEqualTo(3);
        }

        assertThat(published).singleElement().satisfies(m -> {
            assertThat(m.isDelete()).isTrue();
            assertThat(m.version()).isEqualTo(2);
        });
        store.applyAll(published);
        assertThat(Jdbc.count(secondary, "wallets"))
                .as("rows left on the secondary")
                .isZero();
        assertThat(depth(primary)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aSequenceVersionedRowIsRelayedAsItIsNowAndItsDeleteBeatsItsUpserts(Engine engine) throws Exception {
        DataSource primary = freshPrimary(engine);
        execute(primary, "CREATE TABLE counters (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL)");
        DataSource secondary = secondaryWith("counters", false);
        SecondaryStore store = SecondaryStore.of(secondary);
        List<Mutation> published = new CopyOnWriteArrayList<>();
        try (Outbox outbox =
                new Outbox(primary, Outbox.DEFAULT_TABLE, Duration.ZERO, Duration.ofHours(1), 100, published::add)) {
            Mutation counter = Mutation.upsert("counters")
                    .key("id", 1L)
                    .column("owner", "x")
                    .build();
            write(outbox, primary, "INSERT INTO counters VALUES (1, 'ana')", counter, true);
            write(outbox, primary, "UPDATE counters SET owner = 'bea' WHERE id = 1", counter, true);
            write(
                    outbox,
                    primary,
                    "INSERT INTO counters VALUES (2, 'cid')",
                    Mutation.upsert("counters")
                            .key("id", 2L)
                            .column("owner", "x")
                            .build(),
                    true);
            assertThat(outbox.relayOnce()).isEqualTo(3);
            store.applyAll(published);
            assertThat(Jdbc.rows(secondary, "SELECT id, owner FROM counters ORDER BY id"))
                    .containsExactly(Map.of("id", 1L, "owner", "bea"), Map.of("id", 2L, "owner", "cid"));

            write(
                    outbox,
                    primary,
                    "DELETE FROM counters WHERE id = 1",
                    Mutation.delete("counters").key("id", 1L).build(),
                    true);
            assertThat(outbox.relayOnce()).isEqualTo(1);
        }

        assertThat(published).hasSize(3);
        assertThat(published.get(0).version())
                .as("the newest sequence of the row's outbox rows")
                .isEqualTo(2);
        assertThat(published.get(2).isDelete()).isTrue();
        assertThat(published.get(2).version()).isGreaterThan(published.get(0).version());
        assertThat(store.applyAll(List.of(published.get(2))))
                .extracting(r -> r.outcome().name())
                .containsExactly("APPLIED");
        assertThat(Jdbc.rows(secondary, "SELECT id, owner FROM counters ORDER BY id"))
                .containsExactly(Map.of("id", 2L, "owner", "cid"));
    }

    private static Mutation wallet(long id, String owner, long version) {
        return Mutation.upsert("wallets")
                .key("id", id)
                .column("owner", owner)
                .column("version", version)
                .version(version)
                .build();
    }
}
