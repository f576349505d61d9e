package dev.tandem.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.core.codec.RetryHeaders;
import dev.tandem.dualwrite.kafka.KafkaRetryConfig;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.testkit.DatabaseUser;
import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import dev.tandem.testkit.Jdbc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The direct write path against a real secondary and a real retry topic: what its circuit breaker
 * counts. A row the secondary refuses for good is handed off without counting against the breaker; a
 * secondary that cannot take writes (here: a revoked privilege) does count.
 */
class DirectWriteFailuresIT {

    private static final String TABLE = "accounts";

    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private final String topic = "retry-" + UUID.randomUUID().toString().substring(0, 8);
    private final String database = "direct_" + UUID.randomUUID().toString().substring(0, 8);

    private static DualWriterConfig inlineBreaker(WriteMode mode) {
        return DualWriterConfig.custom()
                .mode(mode)
                .asyncThreads(1)
                .minimumNumberOfCalls(5)
                .slidingWindowSize(10)
                .waitInOpenState(Duration.ofMinutes(1))
                .build();
    }

    private static Mutation account(long id, String email) {
        return Mutation.upsert(TABLE)
                .key("id", id)
                .version(1)
                .column("email", email)
                .build();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void burstOfRowsTheSecondaryRefusesLeavesTheBreakerClosedAndGoodWritesStillApplyDirectly(Engine engine)
            throws Exception {
        DataSource secondary = createAccounts(engine);
        SecondaryStore store = SecondaryStore.of(secondary);
        store.apply(account(1, "taken@example.com"));
        try (KafkaRetryHandOff retry = retryHandOff();
                DualWriter writer = DualWriter.of(store, retry, inlineBreaker(WriteMode.INLINE))) {
            for (long id = 100; id < 130; id++) {
                writer.write(account(id, "taken@example.com")); // the unique email of row 1
            }

            assertThat(writer.isCircuitOpen())
                    .as("breaker after 30 refused rows")
                    .isFalse();
            for (long id = 2; id <= 11; id++) {
                writer.write(account(id, "user" + id + "@example.com"));
            }
            assertThat(writer.drain(Duration.ofSeconds(30)).drained()).isTrue();

            assertThat(Jdbc.count(secondary, TABLE)).isEqualTo(11);
            Map<String, String> handedOff = handedOff();
            assertThat(handedOff).hasSize(30);
            assertThat(handedOff.values()).containsOnly(HandOffReason.REJECTED_BY_SECONDARY.name());
            assertThat(handedOff.keySet()).allMatch(key -> key.matches("id=1[0-2][0-9]"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void refusedRowInAnAsyncBatchIsHandedOffAloneAndTheRestOfTheBatchIsApplied(Engine engine) throws Exception {
        DataSource secondary = createAccounts(engine);
        SecondaryStore store = SecondaryStore.of(secondary);
        store.apply(account(1, "taken@example.com"));
        try (KafkaRetryHandOff retry = retryHandOff();
                DualWriter writer = DualWriter.of(store, retry, inlineBreaker(WriteMode.ASYNC))) {
            for (long id = 2; id <= 300; id++) {
                writer.write(account(id, id == 150 ? "taken@example.com" : "user" + id + "@example.com"));
            }
            assertThat(writer.drain(Duration.ofSeconds(60)).drained()).isTrue();

            assertThat(writer.isCircuitOpen()).isFalse();
            assertThat(Jdbc.count(secondary, TABLE)).isEqualTo(299);
            assertThat(handedOff()).containsExactly(Map.entry("id=150", HandOffReason.REJECTED_BY_SECONDARY.name()));
        }
    }

    /** PostgreSQL only: the embedded MariaDB runs without grant tables (see {@link DatabaseUser}). */
    @Test
    void revokedPrivilegeCountsAsASecondaryFailureAndTheWritesAreHandedOff() throws Exception {
        Engine engine = Engine.POSTGRESQL;
        DataSource admin = createAccounts(engine);
        SecondaryStore.of(admin).apply(account(1, "first@example.com")); // creates the fence table
        EmbeddedDatabase server = EmbeddedServices.database(engine);
        try (DatabaseUser user = DatabaseUser.create(
                        server, database, List.of(TABLE, "tandem_fence", "tandem_fence_schema_history"));
                KafkaRetryHandOff retry = retryHandOff();
                DualWriter writer =
                        DualWriter.of(SecondaryStore.of(user.dataSource()), retry, inlineBreaker(WriteMode.INLINE))) {
            writer.write(account(2, "second@example.com"));
            assertThat(Jdbc.count(admin, TABLE)).isEqualTo(2);
            user.revoke("INSERT, UPDATE", TABLE);

            for (long id = 3; id < 13; id++) {
                writer.write(account(id, "user" + id + "@example.com"));
            }

            assertThat(writer.isCircuitOpen())
                    .as("breaker after a revoked GRANT")
                    .isTrue();
            assertThat(writer.drain(Duration.ofSeconds(30)).drained()).isTrue();
            assertThat(Jdbc.count(admin, TABLE)).isEqualTo(2);
            Map<String, String> handedOff = handedOff();
            assertThat(handedOff).hasSize(10);
            assertThat(handedOff.values())
                    .containsOnly(HandOffReason.SECONDARY_FAILED.name(), HandOffReason.CIRCUIT_OPEN.name())
                    .contains(HandOffReason.SECONDARY_FAILED.name());
        }
    }

    private DataSource createAccounts(Engine engine) throws Exception {
        DataSource dataSource = EmbeddedServices.database(engine).dataSource(database);
        try (var c = dataSource.getConnection();
                var s = c.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, email VARCHAR(50) NOT NULL UNIQUE)");
        }
        return dataSource;
    }

    private KafkaRetryHandOff retryHandOff() throws Exception {
        kafka.createTopic(topic, 1);
        Path spool = Files.createTempDirectory("tandem-spool");
        return KafkaRetryHandOff.create(KafkaRetryConfig.custom(kafka.bootstrapServers())
                .topic(topic)
                .spoolDirectory(spool)
                .build());
    }

    /** The row key and hand-off reason of every record on the retry topic. */
    private Map<String, String> handedOff() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        Map<String, String> reasons = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = consumer.endOffsets(partitions).get(partitions.get(0));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partitions.get(0)) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Mutation mutation = MutationCodec.decode(record.value());
                reasons.put(
                        mutation.rowKey(),
                        new String(
                                record.headers().lastHeader(RetryHeaders.REASON).value(), StandardCharsets.UTF_8));
            }
        }
        return reasons;
    }
}
