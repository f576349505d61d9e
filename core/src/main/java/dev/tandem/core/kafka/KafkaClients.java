package dev.tandem.core.kafka;

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
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one place Tandem makes its Kafka clients. Each client's properties are built in three layers:
 *
 * <ol>
 *   <li>the application's properties for that kind of client (bootstrap servers, security, SSL, with
 *       Spring Boot's SSL bundles already applied by {@link SpringKafkaClients}), over {@code defaults}
 *       that the caller offers for what the application leaves unset;
 *   <li>the caller's {@code settings}, Tandem's choices for this client (client id, timeouts …), which
 *       win over the application's; a {@code null} setting removes the property;
 *   <li>the guarantees Tandem's promises rest on, which win over both: producers wait for every
 *       in-sync replica ({@code acks=all}) and are idempotent, consumers never commit offsets on their
 *       own, and keys and values are bytes or UTF-8 text as the method says.
 * </ol>
 */
public final class KafkaClients {

    private final Map<String, Object> producer;
    private final Map<String, Object> consumer;
    private final Map<String, Object> admin;

    private KafkaClients(Map<String, ?> producer, Map<String, ?> consumer, Map<String, ?> admin) {
        this.producer = copy("producer", producer);
        this.consumer = copy("consumer", consumer);
        this.admin = copy("admin", admin);
    }

    /** Clients that all start from {@code properties}, e.g. {@code bootstrap.servers} and security settings. */
    public static KafkaClients of(Map<String, ?> properties) {
        return new KafkaClients(properties, properties, properties);
    }

    /** Clients that start from their own kind's properties, as Spring Boot builds them per kind. */
    public static KafkaClients of(Map<String, ?> producer, Map<String, ?> consumer, Map<String, ?> admin) {
        return new KafkaClients(producer, consumer, admin);
    }

    /** The properties of a producer of bytes (see the class comment for the layers). */
    public Map<String, Object> producerConfig(Map<String, ?> defaults, Map<String, ?> settings) {
        return producerConfig(defaults, settings, ByteArraySerializer.class);
    }

    /** A producer of byte keys and values. */
    public Producer<byte[], byte[]> producer(Map<String, ?> defaults, Map<String, ?> settings) {
        return new KafkaProducer<>(producerConfig(defaults, settings));
    }

    /** A producer of UTF-8 text keys and values. */
    public Producer<String, String> textProducer(Map<String, ?> defaults, Map<String, ?> settings) {
        return new KafkaProducer<>(producerConfig(defaults, settings, StringSerializer.class));
    }

    /** The properties of a consumer of bytes (see the class comment for the layers). */
    public Map<String, Object> consumerConfig(Map<String, ?> defaults, Map<String, ?> settings) {
        return consumerConfig(defaults, settings, ByteArrayDeserializer.class);
    }

    /** A consumer of byte keys and values. */
    public Consumer<byte[], byte[]> consumer(Map<String, ?> defaults, Map<String, ?> settings) {
        return new KafkaConsumer<>(consumerConfig(defaults, settings));
    }

    /** A consumer of UTF-8 text keys and values. */
    public Consumer<String, String> textConsumer(Map<String, ?> defaults, Map<String, ?> settings) {
        return new KafkaConsumer<>(consumerConfig(defaults, settings, StringDeserializer.class));
    }

    /** The properties of an admin client: the application's, then {@code settings}. */
    public Map<String, Object> adminConfig(Map<String, ?> settings) {
        return layered(admin, Map.of(), settings);
    }

    public Admin admin(Map<String, ?> settings) {
        return Admin.create(adminConfig(settings));
    }

    private Map<String, Object> producerConfig(
            Map<String, ?> defaults, Map<String, ?> settings, Class<? extends Serializer<?>> serializer) {
        Map<String, Object> config = layered(producer, defaults, settings);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, serializer);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, serializer);
        return config;
    }

    private Map<String, Object> consumerConfig(
            Map<String, ?> defaults, Map<String, ?> settings, Class<? extends Deserializer<?>> deserializer) {
        Map<String, Object> config = layered(consumer, defaults, settings);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, deserializer);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, deserializer);
        return config;
    }

    private static Map<String, Object> layered(
            Map<String, Object> application, Map<String, ?> defaults, Map<String, ?> settings) {
        Map<String, Object> config = new HashMap<>(defaults);
        config.putAll(application);
        settings.forEach((key, value) -> {
            if (value == null) {
                config.remove(key);
            } else {
                config.put(key, value);
            }
        });
        return config;
    }

    private static Map<String, Object> copy(String kind, Map<String, ?> properties) {
        if (properties == null) {
            throw new IllegalArgumentException("The " + kind + " properties are missing (null)");
        }
        Map<String, Object> copy = new HashMap<>();
        properties.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException(
                        "The " + kind + " properties hold a null " + (key == null ? "key" : "value of " + key));
            }
            copy.put(key, value);
        });
        return Map.copyOf(copy);
    }
}
