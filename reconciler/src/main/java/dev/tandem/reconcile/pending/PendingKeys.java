package dev.tandem.reconcile.pending;

import dev.tandem.core.RowKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows with a write still waiting on the retry topic: the keys of the records between the retry
 * consumer group's committed offsets and the end of each partition. A difference on such a row is in
 * flight, not confirmed. The group is only read (its offsets are never committed or changed).
 */
public final class PendingKeys {

    private static final Logger log = LoggerFactory.getLogger(PendingKeys.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SCAN_LIMIT = Duration.ofSeconds(60);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String topic;
    private final int recordLimit;

    /**
     * @param consumers makes a consumer with the retry consumer's group id that is never subscribed
     * @param recordLimit pending records read at most; with more the check is skipped (too much in flight)
     */
    public PendingKeys(Supplier<Consumer<byte[], byte[]>> consumers, String topic, int recordLimit) {
        this.consumers = consumers;
        this.topic = topic;
        this.recordLimit = recordLimit;
    }

    /** The key of a row as the retry topic names it: lower-case table, then the canonical row key. */
    public static String rowOf(String table, List<String> keyColumns, List<Object> key) {
        return table.toLowerCase(Locale.ROOT) + "/" + RowKey.of(keyColumns, key).text();
    }

    /**
     * The rows pending now, as {@link #rowOf} names them; empty when the topic cannot be read or holds
     * more than the limit (the caller then relies on the settle window alone).
     */
    public Optional<Set<String>> scan() {
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                log.warn(
                        "Retry topic {} has no partitions; differences are re-checked after the settle window only",
                        topic);
                return Optional.empty();
            }
            Set<TopicPartition> all = new HashSet<>();
            partitions.forEach(p -> all.add(new TopicPartition(topic, p.partition())));
            Map<TopicPartition, Long> end = consumer.endOffsets(all, TIMEOUT);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(all, TIMEOUT);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all, TIMEOUT);
            Map<TopicPartition, Long> from = new HashMap<>();
            long pending = 0;
            for (TopicPartition partition : all) {
                OffsetAndMetadata offset = committed.get(partition);
                long start = Math.max(begin.get(partition), offset == null ? 0 : offset.offset());
                from.put(partition, start);
                pending += Math.max(0, end.get(partition) - start);
            }
            if (pending > recordLimit) {
                log.warn(
                        "{} records are pending on {} (more than the limit of {}); differences are re-checked"
                                + " after the settle window only",
                        pending,
                        topic,
                        recordLimit);
                return Optional.empty();
            }
            return Optional.of(read(consumer, from, end));
        } catch (KafkaException e) {
            log.warn(
                    "Retry topic {} could not be read ({}); differences are re-checked after the settle window only",
                    topic,
                    e.toString());
            return Optional.empty();
        }
    }

    private static Set<String> read(
            Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> from, Map<TopicPartition, Long> end) {
        Set<String> rows = new HashSet<>();
        Set<TopicPartition> open = new HashSet<>();
        from.forEach((partition, offset) -> {
            if (offset < end.get(partition)) {
                open.add(partition);
            }
        });
        if (open.isEmpty()) {
            return rows;
        }
        consumer.assign(open);
        open.forEach(partition -> consumer.seek(partition, from.get(partition)));
        long deadline = System.nanoTime() + SCAN_LIMIT.toNanos();
        while (!open.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new KafkaException("reading the pending records took longer than " + SCAN_LIMIT);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition) && record.key() != null) {
                    rows.add(normalize(new String(record.key(), StandardCharsets.UTF_8)));
                }
            }
            open.removeIf(partition -> consumer.position(partition, TIMEOUT) >= end.get(partition));
        }
        return rows;
    }

    /** A record key is {@code table/rowKey}; the table is compared without case. */
    private static String normalize(String recordKey) {
        int slash = recordKey.indexOf('/');
        return slash < 0
                ? recordKey
                : recordKey.substring(0, slash).toLowerCase(Locale.ROOT) + recordKey.substring(slash);
    }
}
