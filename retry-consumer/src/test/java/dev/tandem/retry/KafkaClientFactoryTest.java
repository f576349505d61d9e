package dev.tandem.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
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

class KafkaClientFactoryTest {

    private static final SslBundle BUNDLE = SslBundle.of(SslStoreBundle.NONE);

    private static KafkaClientFactory factory(KafkaProperties kafka) {
        RetryConsumerProperties retry = new RetryConsumerProperties(
                true,
                "tandem.retry",
                "tandem.retry.dlt",
                1,
                250,
                Duration.ofMillis(500),
                "tandem_fence",
                Duration.ofSeconds(10),
                new RetryConsumerProperties.Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.5),
                new RetryConsumerProperties.Lag(true, Duration.ofSeconds(5), Duration.ofSeconds(60)));
        return new KafkaClientFactory(kafka, new DefaultSslBundleRegistry("tandem-kafka", BUNDLE), retry);
    }

    private static KafkaProperties withSslBundle() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("127.0.0.1:9093"));
        kafka.getSsl().setBundle("tandem-kafka");
        return kafka;
    }

    @Test
    void groupConsumerUsesTheSslBundleAndCommitsOnlyByHand() {
        assertThat(factory(withSslBundle()).groupConsumerConfig())
                .containsEntry(SslBundle.class.getName(), BUNDLE)
                .containsKey(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG)
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, RetryConsumerProperties.DEFAULT_GROUP)
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-retry-consumer")
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 250)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .containsEntry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    @Test
    void producersUseTheSslBundleAndAreIdempotent() {
        assertThat(factory(withSslBundle()).producerConfig("tandem-dlt"))
                .containsEntry(SslBundle.class.getName(), BUNDLE)
                .containsKey(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "tandem-dlt")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    @Test
    void theApplicationsGroupClientIdAndMaxBlockWinOverTandemsDefaults() {
        KafkaProperties kafka = withSslBundle();
        kafka.getConsumer().setGroupId("payments-retry");
        kafka.getConsumer().setClientId("payments-consumer");
        kafka.getConsumer().setAutoOffsetReset("latest");
        kafka.getProducer().getProperties().put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        KafkaClientFactory factory = factory(kafka);

        assertThat(factory.groupConsumerConfig())
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "payments-retry")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "payments-consumer")
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        assertThat(factory.producerConfig("tandem-dlt"))
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "tandem-dlt");
    }
}
