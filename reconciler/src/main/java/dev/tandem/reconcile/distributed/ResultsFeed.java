package dev.tandem.reconcile.distributed;

import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.core.work.TaskTopicException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's reading of the results topic: every partition, from its end as the feed is
 * opened (before the tasks are published, so that no result of theirs is missed), or, for a table
 * whose tasks were published before the coordinator stopped, from where the topic stood then
 * ({@link #start()}, kept with the table's plan): every result of those tasks and, bounded, no older
 * one. Without a group and without committing. Records that are not segment results are logged and
 * skipped.
 */
final class ResultsFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResultsFeed.class);

    private final Consumer<String, String> consumer;
    private final String topic;

    private final Map<Integer, Long> start = new TreeMap<>();

    /** Reads from the topic's end. */
    ResultsFeed(KafkaClients clients, String topic, Duration timeout) {
        this(clients, topic, timeout, Map.of());
    }

    /**
     * Reads from {@code from} (partition to offset; a partition not in it, made later, from its
     * beginning), or from the end when {@code from} is empty. An offset the topic's retention deleted
     * meanwhile is read from the earliest kept.
     */
    ResultsFeed(KafkaClients clients, String topic, Duration timeout, Map<Integer, Long> from) {
        this.topic = topic;
        this.consumer = clients.textConsumer(
                Map.of(),
                Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "tandem-reconcile-results",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        (int) timeout.toMillis()));
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                throw new TaskTopicException("Topic " + topic + " has no partitions to read results from", null);
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(assigned);
            if (from.isEmpty()) {
                consumer.seekToEnd(assigned);
            } else {
                for (TopicPartition partition : assigned) {
                    Long offset = from.get(partition.partition());
                    if (offset == null) {
                        consumer.seekToBeginning(List.of(partition));
                    } else {
                        consumer.seek(partition, offset);
                    }
                }
            }
            // Fixes the start now, not at the first poll.
            assigned.forEach(p -> start.put(p.partition(), consumer.position(p, timeout)));
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw new TaskTopicException("Could not read results topic " + topic + ": " + e, e);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /** Where the feed started reading, partition to offset. */
    Map<Integer, Long> start() {
        return Map.copyOf(start);
    }

    /** {@code positions} as stored: {@code partition:offset,…}. */
    static String format(Map<Integer, Long> positions) {
        return new TreeMap<>(positions)
                .entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    /**
     * Positions as {@link #format} wrote them.
     *
     * @throws IllegalArgumentException if {@code text} is not {@code partition:offset,…}
     */
    static Map<Integer, Long> parse(String text) {
        Map<Integer, Long> positions = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return positions;
        }
        for (String entry : text.split(",")) {
            String[] parts = entry.trim().split(":");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException("not partition:offset");
                }
                positions.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "Not a results topic position (partition:offset,...): '" + text + "'", e);
            }
        }
        return positions;
    }

    /** The results that arrived within {@code wait}. */
    List<SegmentResult> poll(Duration wait) {
        List<SegmentResult> results = new ArrayList<>();
        for (ConsumerRecord<String, String> record : consumer.poll(wait)) {
            try {
                results.add(SegmentResultJson.decode(record.value()));
            } catch (IllegalArgumentException e) {
                log.warn(
                        "Skipped record {} at {}-{}@{}: {}",
                        record.key(),
                        topic,
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
        }
        return results;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
