package dev.tandem.dualwrite.migration;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.control.AuditEntry;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.ReconcileVerdict;
import dev.tandem.core.control.Store;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterConfig;
import dev.tandem.dualwrite.RetryHandOff;
import dev.tandem.dualwrite.WriteMode;
import dev.tandem.dualwrite.kafka.KafkaRetryConfig;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One instance, MariaDB origin, PostgreSQL target, a real broker: the cutover's gates, and the last known phase. */
class CutoverGateIT {

    private static final RetryHandOff NO_RETRY = (mutation, reason, cause) -> {};

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String migration = "gate-" + id;
    private final String database = "gate_" + id;
    private final DataSource origin = EmbeddedServices.mariaDb().dataSource(database);
    private final DataSource target = EmbeddedServices.postgres().dataSource(database);
    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private final String retryTopic = "tandem.retry.gate." + id;
    private final String group = "retry-gate-" + id;
    private final ControlTopic control =
            new ControlTopic(kafka.bootstrapServers(), "tandem.control." + id, null, Map.of());
    private final GateSettings gates = new GateSettings(
            List.of(new GateSettings.RetryTopic(retryTopic, group)),
            List.of(retryTopic + ".dlt"),
            0.001,
            true,
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    @AfterEach
    void closeControl() {
        control.close();
    }

    @Test
    void cutoverRefusesWhileTheRetryTopicHasLagAndNothingChanges() throws Exception {
        createAccounts();
        kafka.createTopic(retryTopic, 1);
        Path state = Files.createTempDirectory("tandem-gate");
        try (Migration instance = instance(state);
                MigrationControl operator = MigrationControl.connect(control, migration, gates)) {
            instance.awaitCaughtUp(Duration.ofSeconds(10));
            write(instance, 1, 1);
            operator.change(Phase.SHADOW_READ, 10, "it", "shadow");
            operator.change(Phase.READ_SECONDARY, 100, "it", "read target");
            control.publishVerdict(new ReconcileVerdict(migration, 7, Instant.now(), Instant.now(), "CLEAN", 0));
            awaitPhase(instance, Phase.READ_SECONDARY);
            publishOneRetryRecord();
            PhaseState before = operator.state();

            assertThatThrownBy(() -> operator.cutover("it", "try"))
                    .isInstanceOf(PhaseChangeRefusedException.class)
                    .hasMessageContaining("cutover refused, nothing changed: retry lag is 1, must be 0")
                    .hasMessageContaining(retryTopic + " (group " + group + "): 1");

            Thread.sleep(500);
            assertThat(operator.state()).isEqualTo(before);
            assertThat(instance.state()).isEqualTo(before);
            assertThat(instance.writesHeld()).isFalse();
            write(instance, 1, 2);
            AuditEntry refused = operator.audit(1).get(0);
            assertThat(refused.action() + " " + refused.outcome()).isEqualTo("cutover refused");
            assertThat(refused.gates().retryLag()).isEqualTo(1);
            assertThat(refused.to()).isNull();

            // The retry consumer catches up: the same cutover now passes.
            commitToEnd();
            CutoverResult cutover = operator.cutover("it", "lag is 0 now");
            awaitPhase(instance, Phase.REVERSED);
            assertThat(cutover.to().primary()).isEqualTo(Store.TARGET);
            assertThat(instance.state().primary()).isEqualTo(Store.TARGET);
        }
    }

    @Test
    void cutoverRefusesWhileTheInstanceLostWritesNamingTheCountUntilAReconcileCoversThem() throws Exception {
        createAccounts();
        // The target has no ledger table yet: its writes fail there, and Kafka and the spool cannot take them.
        execute(origin, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, note VARCHAR(50))");
        kafka.createTopic(retryTopic, 1);
        Path state = Files.createTempDirectory("tandem-gate");
        KafkaRetryConfig lossy = KafkaRetryConfig.custom("127.0.0.1:1")
                .spoolDirectory(state.resolve("spool"))
                .spoolMaxBytes(1_024)
                .build();
        try (KafkaRetryHandOff unreachable = KafkaRetryHandOff.create(lossy);
                Migration instance = instance(state, stores(unreachable));
                MigrationControl operator = MigrationControl.connect(control, migration, gates)) {
            instance.awaitCaughtUp(Duration.ofSeconds(10));
            Instant beforeTheLoss = Instant.now();
            for (long id = 1; id <= 20; id++) {
                writeLedger(instance, id);
            }
            long lost = instance.stores().intoTarget().lostWrites().count();
            assertThat(lost).isPositive().isLessThan(20);
            operator.change(Phase.SHADOW_READ, 10, "it", "shadow");
            operator.change(Phase.READ_SECONDARY, 100, "it", "read target");
            control.publishVerdict(new ReconcileVerdict(migration, 7, beforeTheLoss, beforeTheLoss, "CLEAN", 0));
            awaitPhase(instance, Phase.READ_SECONDARY);
            Thread.sleep(1_000);
            PhaseState before = operator.state();

            assertThatThrownBy(() -> operator.cutover("it", "try"))
                    .isInstanceOf(PhaseChangeRefusedException.class)
                    .hasMessageContaining("the dual writer into the TARGET lost " + lost + " writes (first at ")
                    .hasMessageContaining("the TARGET misses them; run a reconcile that repairs their rows");

            awaitPhase(instance, Phase.READ_SECONDARY);
            assertThat(operator.state().phase()).isEqualTo(before.phase());
            assertThat(operator.state().primary()).isEqualTo(Store.ORIGIN);

            // A reconcile repairs the rows (here: the target gets the table and the rows) and reports clean.
            execute(target, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, note TEXT)");
            execute(
                    target,
                    "INSERT INTO ledger (id, version, note) SELECT g, 1, 'note ' || g FROM generate_series(1, 20) g");
            Thread.sleep(5_500); // the reconcile starts after the last loss, clock allowance included
            Instant repairedAt = Instant.now();
            control.publishVerdict(new ReconcileVerdict(migration, 8, repairedAt, Instant.now(), "CLEAN", 0));
            Thread.sleep(1_000);

            CutoverResult cutover = operator.cutover("it", "the lost writes were repaired");
            awaitPhase(instance, Phase.REVERSED);
            assertThat(cutover.to().primary()).isEqualTo(Store.TARGET);
        }
    }

    @Test
    void anInstanceRestartedWhileKafkaIsDownResumesInItsLastKnownPhase() throws Exception {
        createAccounts();
        Path state = Files.createTempDirectory("tandem-gate");
        try (Migration instance = instance(state);
                MigrationControl operator = MigrationControl.connect(control, migration, gates)) {
            instance.awaitCaughtUp(Duration.ofSeconds(10));
            operator.change(Phase.SHADOW_READ, 25, "it", "shadow a quarter");
            awaitPhase(instance, Phase.SHADOW_READ);
        }
        ControlTopic unreachable = new ControlTopic("127.0.0.1:1", control.topic(), null, Map.of());
        try (Migration restarted = Migration.start(
                unreachable,
                stores(),
                MigrationConfig.custom(migration).stateDirectory(state).build())) {
            assertThat(restarted.state().phase()).isEqualTo(Phase.SHADOW_READ);
            assertThat(restarted.state().percent()).isEqualTo(25);
            assertThat(restarted.state().epoch()).isEqualTo(1);
        }
    }

    private Migration instance(Path state) {
        return instance(state, stores());
    }

    private Migration instance(Path state, MigrationStores stores) {
        return Migration.start(
                control,
                stores,
                MigrationConfig.custom(migration)
                        .instance("gate-app")
                        .stateDirectory(state)
                        .heartbeatInterval(Duration.ofMillis(200))
                        .build());
    }

    private MigrationStores stores() {
        return stores(NO_RETRY);
    }

    private MigrationStores stores(RetryHandOff intoTarget) {
        DualWriterConfig inline =
                DualWriterConfig.custom().mode(WriteMode.INLINE).build();
        return new MigrationStores(
                origin,
                target,
                DualWriter.of(SecondaryStore.of(target), intoTarget, inline),
                DualWriter.of(SecondaryStore.of(origin), NO_RETRY, inline));
    }

    private static void writeLedger(Migration instance, long id) throws SQLException {
        instance.write((connection, primary) -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("INSERT INTO ledger (id, version, note) VALUES (?, 1, ?)")) {
                statement.setLong(1, id);
                statement.setString(2, "note " + id);
                statement.executeUpdate();
            }
            return List.of(Mutation.upsert("ledger")
                    .key("id", id)
                    .version(1)
                    .column("version", 1L)
                    .column("note", "note " + id)
                    .build());
        });
    }

    private void createAccounts() throws SQLException {
        execute(origin, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, owner VARCHAR(50))");
        execute(target, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, owner TEXT)");
    }

    private static void write(Migration instance, long id, long version) throws SQLException {
        instance.write((connection, primary) -> {
            String sql = version == 1
                    ? "INSERT INTO accounts (owner, version, id) VALUES (?, ?, ?)"
                    : "UPDATE accounts SET owner = ?, version = ? WHERE id = ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, "owner " + version);
                statement.setLong(2, version);
                statement.setLong(3, id);
                statement.executeUpdate();
            }
            return List.of(Mutation.upsert("accounts")
                    .key("id", id)
                    .version(version)
                    .column("version", version)
                    .column("owner", "owner " + version)
                    .build());
        });
    }

    private void publishOneRetryRecord() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(retryTopic, new byte[] {1}, new byte[] {1}))
                    .get();
        }
    }

    private void commitToEnd() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            TopicPartition partition = new TopicPartition(retryTopic, 0);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(end)));
        }
    }

    private static void awaitPhase(Migration instance, Phase phase) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (instance.state().phase() != phase) {
            assertThat(System.nanoTime()).as("reaches " + phase).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
