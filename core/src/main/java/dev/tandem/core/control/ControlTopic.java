package dev.tandem.core.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tandem.core.kafka.KafkaClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The control plane's two topics: the compacted control topic, keyed {@code phase/<migration>},
 * {@code instance/<migration>/<id>} and {@code verdict/<migration>}, holding JSON; and the audit
 * topic (not compacted), one JSON record per phase change or refusal.
 */
public final class ControlTopic implements AutoCloseable {

    /** The control topic's name unless configured otherwise. */
    public static final String DEFAULT_TOPIC = "tandem.control";

    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** How long a call to Kafka may take unless configured otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The longest Kafka timeout this accepts: the clients take it in int milliseconds. */
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private final String topic;
    private final String auditTopic;
    private final KafkaClients clients;
    private final Duration timeout;
    private Producer<String, String> producer;

    /**
     * @param topic the compacted control topic
     * @param auditTopic the audit topic, by default {@code <topic>.audit}
     * @param clientProperties further Kafka client properties (security …)
     */
    public ControlTopic(
            String bootstrapServers, String topic, String auditTopic, Map<String, Object> clientProperties) {
        this(bootstrapServers, topic, auditTopic, clientProperties, DEFAULT_TIMEOUT);
    }

    /**
     * As {@link #ControlTopic(String, String, String, Map)}, every call to Kafka (metadata, reads to the
     * end, publishing) bounded by {@code timeout} instead of {@link #DEFAULT_TIMEOUT}.
     *
     * @throws IllegalArgumentException if {@code timeout} is not between 100 ms and 1 h
     */
    public ControlTopic(
            String bootstrapServers,
            String topic,
            String auditTopic,
            Map<String, Object> clientProperties,
            Duration timeout) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        if (timeout == null || timeout.toMillis() < 100 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("Kafka timeout must be between 100 ms and 1 h but was " + timeout);
        }
        this.timeout = timeout;
        this.topic = Objects.requireNonNull(topic, "topic");
        this.auditTopic = auditTopic == null || auditTopic.isBlank() ? topic + ".audit" : auditTopic;
        Map<String, Object> properties = new HashMap<>(clientProperties);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.clients = KafkaClients.of(properties);
    }

    public static ControlTopic of(String bootstrapServers) {
        return new ControlTopic(bootstrapServers, DEFAULT_TOPIC, null, Map.of());
    }

    public String topic() {
        return topic;
    }

    /** How long each call to Kafka may take. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Whether the control topic exists, asked without creating it: what a read-only caller checks
     * first.
     *
     * @throws ControlTopicException naming the cause if Kafka does not answer within the timeout
     */
    public boolean exists() {
        try (Admin admin = admin()) {
            return admin.listTopics()
                    .names()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .contains(topic);
        } catch (ExecutionException e) {
            throw new ControlTopicException(
                    "Could not list the topics to find " + topic + " within " + timeout.toMillis() + " ms",
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlTopicException("Interrupted looking for " + topic, e);
        } catch (Exception e) {
            throw new ControlTopicException(
                    "Could not list the topics to find " + topic + " within " + timeout.toMillis() + " ms", e);
        }
    }

    public String auditTopic() {
        return auditTopic;
    }

    public static String phaseKey(String migration) {
        return "phase/" + migration;
    }

    public static String instanceKey(String migration, String instance) {
        return "instance/" + migration + "/" + instance;
    }

    public static String verdictKey(String migration) {
        return "verdict/" + migration;
    }

    /** Creates the control topic (compacted) and the audit topic where missing. */
    public void ensureTopics() {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(topic)) {
                missing.add(new NewTopic(topic, 1, (short) -1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (!existing.contains(auditTopic)) {
                missing.add(new NewTopic(auditTopic, 1, (short) -1));
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ControlTopicException("Could not create " + topic + " or " + auditTopic, e.getCause());
            }
        } catch (Exception e) {
            throw new ControlTopicException("Could not create " + topic + " or " + auditTopic, e);
        }
    }

    /** Publishes {@code value} (as JSON; null for a tombstone) under {@code key} and waits for the broker. */
    public void publish(String key, Object value) {
        send(topic, key, value == null ? null : encode(value));
    }

    /** Publishes a reconcile verdict (the reconciler does, after every run). */
    public void publishVerdict(ReconcileVerdict verdict) {
        publish(verdictKey(verdict.migration()), verdict);
    }

    /** Appends {@code entry} to the audit topic and waits for the broker. */
    public void audit(AuditEntry entry) {
        send(auditTopic, entry.migration(), encode(entry));
    }

    /** The last {@code limit} audit entries of {@code migration}, oldest first. */
    public List<AuditEntry> auditTail(String migration, int limit) {
        try (Consumer<String, String> consumer = consumer("tandem-control-audit")) {
            List<TopicPartition> partitions = consumer.partitionsFor(auditTopic, timeout).stream()
                    .map(p -> new TopicPartition(auditTopic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            List<AuditEntry> entries = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (migration.equals(record.key()) && record.value() != null) {
                        entries.add(decode(record.value(), AuditEntry.class));
                    }
                }
            }
            return entries.subList(Math.max(0, entries.size() - limit), entries.size());
        }
    }

    /**
     * Reads the control topic to its end for {@code migration}'s current phase: what a process that
     * does not follow the topic (the reconciler, at the start of a run) needs. Empty if the migration
     * was never published (it is then in its initial phase, the origin primary).
     *
     * @throws ControlTopicException if the topic cannot be read to its end within 10 s
     */
    public Optional<PhaseState> readPhase(String migration) {
        String key = phaseKey(migration);
        try (Consumer<String, String> consumer = consumer("tandem-control-reader")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            PhaseState state = null;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new ControlTopicException(
                            "Could not read " + topic + " to its end within " + timeout.toMillis() + " ms", null);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        PhaseState read = record.value() == null ? null : decode(record.value(), PhaseState.class);
                        if (read == null || state == null || read.epoch() > state.epoch()) {
                            state = read;
                        }
                    }
                }
            }
            return Optional.ofNullable(state);
        } catch (ControlTopicException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ControlTopicException(
                    "Could not read the phase of migration '" + migration + "' from " + topic, e);
        }
    }

    public Consumer<String, String> consumer(String clientId) {
        return clients.textConsumer(
                Map.of(),
                Map.of(ConsumerConfig.CLIENT_ID_CONFIG, clientId, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                        timeout.toMillis()));
    }

    /** An admin client on the same cluster, for the gates (retry lag, dead letters). */
    public Admin admin() {
        return clients.admin(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis() / 2));
    }

    public static String encode(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T decode(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private void send(String topic, String key, String value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlTopicException("Interrupted publishing " + key + " to " + topic, e);
        } catch (Exception e) {
            throw new ControlTopicException("Could not publish " + key + " to " + topic, e);
        }
    }

    private synchronized Producer<String, String> producer() {
        if (producer == null) {
            producer = clients.textProducer(
                    Map.of(),
                    Map.of(
                            ProducerConfig.CLIENT_ID_CONFIG,
                            "tandem-control",
                            ProducerConfig.MAX_BLOCK_MS_CONFIG,
                            (int) timeout.toMillis(),
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                            (int) timeout.toMillis(),
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            (int) timeout.toMillis() / 2));
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }
}
