package dev.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

class ReconcilerKafkaTest {

    private static final SslBundle BUNDLE = SslBundle.of(SslStoreBundle.NONE);

    private static ReconcilerKafka withSslBundle() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(java.util.List.of("127.0.0.1:9093"));
        kafka.getSsl().setBundle("tandem-kafka");
        return new ReconcilerKafka(kafka, new DefaultSslBundleRegistry("tandem-kafka", BUNDLE));
    }

    @Test
    void pendingConsumerUsesTheConfiguredSslBundle() {
        assertThat(withSslBundle().pendingConsumerConfig("tandem-retry"))
                .containsEntry(SslBundle.class.getName(), BUNDLE)
                .containsKey(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG)
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "tandem-retry")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-reconciler-pending")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000)
                .containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    @Test
    void repairProducerUsesTheConfiguredSslBundle() {
        assertThat(withSslBundle().repairProducerConfig())
                .containsEntry(SslBundle.class.getName(), BUNDLE)
                .containsKey(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "tandem-reconciler-repair")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }
}
