package dev.tandem.retry;

import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.core.kafka.SpringKafkaClients;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;

/**
 * The retry consumer's Kafka clients, made by {@link KafkaClients} from {@code spring.kafka.*} and its
 * SSL bundle: manual commits, bytes in and out, idempotent fully acknowledged producers.
 */
final class KafkaClientFactory {

    private static final Map<String, Object> CONSUMER_DEFAULTS =
            Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

    private final KafkaProperties kafka;
    private final KafkaClients clients;
    private final RetryConsumerProperties retry;

    KafkaClientFactory(KafkaProperties kafka, SslBundles sslBundles, RetryConsumerProperties retry) {
        this.kafka = kafka;
        this.clients = SpringKafkaClients.of(kafka, sslBundles);
        this.retry = retry;
    }

    /** The consumer group of the retry consumers. */
    String group() {
        String group = kafka.getConsumer().getGroupId();
        return group == null || group.isBlank() ? RetryConsumerProperties.DEFAULT_GROUP : group;
    }

    /** A member of the retry consumer group. */
    Consumer<byte[], byte[]> groupConsumer() {
        return new KafkaConsumer<>(groupConsumerConfig());
    }

    Map<String, Object> groupConsumerConfig() {
        Map<String, Object> defaults = new HashMap<>(CONSUMER_DEFAULTS);
        defaults.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-retry-consumer");
        return clients.consumerConfig(
                defaults,
                Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group(),
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        retry.batchSize()));
    }

    /** A consumer outside any group, for reading at given offsets. */
    Consumer<byte[], byte[]> reader() {
        Map<String, Object> outsideAnyGroup = new HashMap<>();
        outsideAnyGroup.put(ConsumerConfig.GROUP_ID_CONFIG, null);
        outsideAnyGroup.put(ConsumerConfig.CLIENT_ID_CONFIG, null);
        return clients.consumer(CONSUMER_DEFAULTS, outsideAnyGroup);
    }

    Producer<byte[], byte[]> producer(String clientId) {
        return new KafkaProducer<>(producerConfig(clientId));
    }

    Map<String, Object> producerConfig(String clientId) {
        return clients.producerConfig(
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000), Map.of(ProducerConfig.CLIENT_ID_CONFIG, clientId));
    }

    Admin admin() {
        return clients.admin(Map.of());
    }
}
