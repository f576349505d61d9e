package dev.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.TableRecord;
import dev.tandem.reconcile.store.RunStore;
import java.math.BigDecimal;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** A difference whose row has a write waiting on the retry topic is in flight, not confirmed. */
class PendingOnRetryTopicIT {

    private final StoresFixture stores = new StoresFixture();

    @Test
    void differenceWithAWritePendingOnTheRetryTopicIsInFlight() throws Exception {
        stores.seed();
        stores.drift();
        // The missing payment 9 is on its way: its write waits on the retry topic, not yet consumed.
        Mutation pending = Mutation.upsert("PAYMENTS")
                .key("ID", 9L)
                .version(1)
                .column("amount", new BigDecimal("9.25"))
                .build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stores.kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(
                            stores.topic, MutationCodec.recordKey(pending), MutationCodec.encode(pending)))
                    .get();
        }

        RunVerdict verdict = ReconcileOnce.run(
                StoresFixture.arguments(stores.reconcilerProperties()), RepairMode.NONE, false, "payments");

        assertThat(verdict).isEqualTo(RunVerdict.DIFFERENCES);
        RunRecord run = new RunStore(stores.secondary).latest(1).get(0);
        assertThat(run.pendingChecked()).isTrue();
        TableRecord payments = run.tables().get(0);
        assertThat(payments.inFlight()).isEqualTo(1);
        assertThat(payments.missing()).isZero();
        assertThat(payments.extra()).isEqualTo(1);
        assertThat(payments.mismatched()).isEqualTo(2);
    }
}
