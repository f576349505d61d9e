package dev.tandem.reconcile;

import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.core.kafka.SpringKafkaClients;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;

/**
 * The reconciler's Kafka clients, from {@code spring.kafka.*} and its SSL bundle: the consumer that
 * reads what the retry consumer group still has pending, and the producer of repairs.
 */
final class ReconcilerKafka {

    private static final Map<String, Object> PENDING = Map.of(
            ConsumerConfig.CLIENT_ID_CONFIG, "tandem-reconciler-pending",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
            ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
            ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    private static final Map<String, Object> REPAIR = Map.of(
            ProducerConfig.CLIENT_ID_CONFIG, "tandem-reconciler-repair",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);

    private final KafkaClients clients;

    ReconcilerKafka(KafkaProperties kafka, SslBundles sslBundles) {
        this.clients = SpringKafkaClients.of(kafka, sslBundles);
    }

    /** A consumer with the retry consumer's group id, never subscribed: it only reads the group's offsets. */
    Consumer<byte[], byte[]> pendingConsumer(String group) {
        return clients.consumer(Map.of(), pendingSettings(group));
    }

    Producer<byte[], byte[]> repairProducer() {
        return clients.producer(Map.of(), REPAIR);
    }

    Map<String, Object> pendingConsumerConfig(String group) {
        return clients.consumerConfig(Map.of(), pendingSettings(group));
    }

    Map<String, Object> repairProducerConfig() {
        return clients.producerConfig(Map.of(), REPAIR);
    }

    private static Map<String, Object> pendingSettings(String group) {
        Map<String, Object> settings = new java.util.HashMap<>(PENDING);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return settings;
    }
}
