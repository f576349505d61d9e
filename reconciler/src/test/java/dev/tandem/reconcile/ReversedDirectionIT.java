package dev.tandem.reconcile;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.TableRecord;
import dev.tandem.reconcile.store.RunStore;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler follows a migration's phase: configured once (the origin, MariaDB, as primary; the
 * target, PostgreSQL, as secondary), it compares the other way round once the control topic says the
 * target is the primary, and repairs through the reverse retry topic.
 */
class ReversedDirectionIT {

    private final StoresFixture stores = new StoresFixture();
    private final String migration = "orders-" + stores.id;
    private final String reverseTopic = stores.topic + ".reverse";
    private final ControlTopic control =
            new ControlTopic(stores.kafka.bootstrapServers(), "tandem.control." + stores.id, null, Map.of());

    @AfterEach
    void closeControl() {
        control.close();
    }

    @Test
    void afterTheCutoverARunComparesTheTargetAsPrimaryAndRepairsThroughTheReverseTopic() throws Exception {
        stores.seed();
        stores.kafka.createTopic(reverseTopic, 1);
        control.ensureTopics();
        // A write on the target after the cutover whose dual write into the origin was lost.
        execute(
                stores.secondary,
                "INSERT INTO payments VALUES (2000, 1, 20.00, '4000000000002000', 'after the cutover')");

        // Before: the origin is the primary (the phase was never published), the row is extra in the target.
        assertThat(run(RepairMode.NONE)).isEqualTo(RunVerdict.DIFFERENCES);
        RunRecord forward = latest();
        assertThat(forward.direction())
                .isEqualTo("origin -> target (migration '" + migration + "' never published, origin primary)");
        assertThat(counts(forward.tables().get(0))).isEqualTo("missing 0, extra 1");

        PhaseState reversed = PhaseState.initial(migration, Phase.DUAL_WRITE, 0)
                .next(Phase.REVERSED, 0, Store.TARGET, "it", Instant.now(), "cutover");
        control.publish("phase/" + migration, reversed);

        assertThat(run(RepairMode.EXECUTE)).isEqualTo(RunVerdict.DIFFERENCES);
        RunRecord after = latest();
        assertThat(after.direction())
                .isEqualTo("target -> origin (migration '" + migration + "' REVERSED primary=TARGET epoch=1)");
        assertThat(counts(after.tables().get(0))).isEqualTo("missing 1, extra 0");
        assertThat(after.repair().published()).isEqualTo(1);

        List<Mutation> repairs = read(reverseTopic);
        assertThat(repairs).hasSize(1);
        Mutation repair = repairs.get(0);
        assertThat(repair.isDelete()).isFalse();
        assertThat(repair.rowKey()).isEqualTo("id=2000");
        assertThat(new BigDecimal(repair.columns().get("amount").toString())).isEqualByComparingTo("20.00");
        assertThat(read(stores.topic))
                .as("nothing published towards the target")
                .isEmpty();
    }

    /** Reconciles {@code payments}. */
    private RunVerdict run(RepairMode repair) throws Exception {
        Map<String, String> properties = stores.reconcilerProperties();
        properties.put("tandem.reconciler.migration.name", migration);
        properties.put("tandem.reconciler.migration.control-topic", control.topic());
        properties.put("tandem.reconciler.migration.reverse-retry-topic", reverseTopic);
        properties.put("tandem.reconciler.migration.reverse-retry-consumer-group", stores.group + "-reverse");
        // No retry consumer runs here: the repair is published, not applied.
        properties.put("tandem.reconciler.repair-verify-timeout", "1s");
        return ReconcileOnce.run(StoresFixture.arguments(properties), repair, false, "payments");
    }

    private RunRecord latest() throws SQLException {
        return new RunStore(stores.secondary).latest(1).get(0);
    }

    private static String counts(TableRecord table) {
        return "missing " + table.missing() + ", extra " + table.extra();
    }

    private List<Mutation> read(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stores.kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<Mutation> mutations = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    mutations.add(MutationCodec.decode(record.value()));
                }
            }
            return mutations;
        }
    }
}
