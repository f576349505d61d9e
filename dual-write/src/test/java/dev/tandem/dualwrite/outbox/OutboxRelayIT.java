package dev.tandem.dualwrite.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.core.codec.RetryHeaders;
import dev.tandem.dualwrite.RetryTopic;
import dev.tandem.dualwrite.kafka.KafkaRetryConfig;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

    private static void appendRows(Outbox outbox, DataSource primary, int rows) throws SQLException {
        try (Connection c = primary.getConnection()) {
            c.setAutoCommit(false);
            for (int i = 1; i <= rows; i++) {
                outbox.append(
                        c,
                        Mutation.upsert("accounts")
                                .key("id", i)
                                .column("owner", "o" + i)
                                .build(),
                        true);
            }
            c.commit();
        }
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
        Map<UUID, AtomicInteger> published = new ConcurrentHashMap<>();
        List<Outbox> relays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            relays.add(new Outbox(primary, Outbox.DEFAULT_TABLE, Duration.ZERO, Duration.ofHours(1), 20, m -> {
                published
                        .computeIfAbsent(m.writeId(), id -> new AtomicInteger())
                        .incrementAndGet();
                return true;
            }));
        }
        appendRows(relays.get(0), primary, 300);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> passes = new ArrayList<>();
            for (Outbox relay : relays) {
                passes.add(pool.submit(() -> {
                    int total = 0;
                    while (depth(primary) > 0) {
                        try {
                            total += relay.relayOnce();
                        } catch (SQLTransactionRollbackException e) {
                            // As the scheduled relay does: a pass that lost a lock race is simply retried.
                        }
                    }
                    return total;
                }));
            }
            int total = 0;
            for (Future<Integer> pass : passes) {
                total += pass.get();
            }
            assertThat(total).isEqualTo(300);
        } finally {
            pool.shutdownNow();
            relays.forEach(Outbox::close);
        }
        assertThat(published).hasSize(300);
        assertThat(published.values())
                .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
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
}
