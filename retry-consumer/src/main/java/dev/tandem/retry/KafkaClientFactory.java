package dev.tandem.retry;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;

/**
 * Kafka clients configured from {@code spring.kafka.*}, with what the retry consumer's guarantees
 * need forced on top: manual commits, bytes in and out, and idempotent fully acknowledged producers.
 */
final class KafkaClientFactory {

    private final KafkaProperties kafka;
    private final SslBundles sslBundles;
    private final RetryConsumerProperties retry;

    KafkaClientFactory(KafkaProperties kafka, SslBundles sslBundles, RetryConsumerProperties retry) {
        this.kafka = kafka;
        this.sslBundles = sslBundles;
        this.retry = retry;
    }

    /** The consumer group of the retry consumers. */
    String group() {
        String group = kafka.getConsumer().getGroupId();
        return group == null || group.isBlank() ? RetryConsumerProperties.DEFAULT_GROUP : group;
    }

    /** A member of the retry consumer group. */
    Consumer<byte[], byte[]> groupConsumer() {
        Map<String, Object> config = consumerConfig();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, retry.batchSize());
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-retry-consumer");
        return new KafkaConsumer<>(config);
    }

    /** A consumer outside any group, for reading at given offsets. */
    Consumer<byte[], byte[]> reader() {
        Map<String, Object> config = consumerConfig();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        return new KafkaConsumer<>(config);
    }

    Producer<byte[], byte[]> producer(String clientId) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties(sslBundles));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaProducer<>(config);
    }

    Admin admin() {
        return Admin.create(kafka.buildAdminProperties(sslBundles));
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties(sslBundles));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }
}
