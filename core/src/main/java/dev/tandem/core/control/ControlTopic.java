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

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final String auditTopic;
    private final KafkaClients clients;
    private Producer<String, String> producer;

    /**
     * @param topic the compacted control topic
     * @param auditTopic the audit topic, by default {@code <topic>.audit}
     * @param clientProperties further Kafka client properties (security …)
     */
    public ControlTopic(
            String bootstrapServers, String topic, String auditTopic, Map<String, Object> clientProperties) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
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
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(topic)) {
                missing.add(new NewTopic(topic, 1, (short) -1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (!existing.contains(auditTopic)) {
                missing.add(new NewTopic(auditTopic, 1, (short) -1));
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
            List<TopicPartition> partitions = consumer.partitionsFor(auditTopic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(auditTopic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            List<AuditEntry> entries = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
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
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            PhaseState state = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new ControlTopicException(
                            "Could not read " + topic + " to its end within " + TIMEOUT.toSeconds() + " s", null);
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
                        TIMEOUT.toMillis()));
    }

    /** An admin client on the same cluster, for the gates (retry lag, dead letters). */
    public Admin admin() {
        return clients.admin(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis() / 2));
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
            producer().send(new ProducerRecord<>(topic, key, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
                            (int) TIMEOUT.toMillis(),
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                            (int) TIMEOUT.toMillis(),
                            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            (int) TIMEOUT.toMillis() / 2));
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(TIMEOUT);
            producer = null;
        }
    }
}
