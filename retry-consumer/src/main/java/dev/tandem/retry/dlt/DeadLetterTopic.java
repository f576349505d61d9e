package dev.tandem.retry.dlt;

import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.retry.TopicOffsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads and purges the dead-letter topic. Reading is group-less from the log start to the log end as
 * of the call, so it never moves any consumer group and sees every record still retained.
 */
public final class DeadLetterTopic {

    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final Supplier<Consumer<byte[], byte[]>> readers;
    private final String topic;

    public DeadLetterTopic(Admin admin, Supplier<Consumer<byte[], byte[]>> readers, String topic) {
        this.admin = admin;
        this.readers = readers;
        this.topic = topic;
    }

    public String name() {
        return topic;
    }

    /** Calls {@code action} with every dead letter matching {@code filter}, partition by partition in offset order. */
    public void forEach(DeadLetterFilter filter, java.util.function.Consumer<DeadLetterEntry> action) {
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        List<TopicPartition> nonEmpty = ends.keySet().stream()
                .filter(p -> ends.get(p) > starts.get(p))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .toList();
        if (nonEmpty.isEmpty()) {
            return;
        }
        try (Consumer<byte[], byte[]> reader = readers.get()) {
            for (TopicPartition partition : nonEmpty) {
                reader.assign(List.of(partition));
                reader.seek(partition, starts.get(partition));
                long end = ends.get(partition);
                while (reader.position(partition) < end) {
                    for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(500))) {
                        if (record.offset() >= end) {
                            break;
                        }
                        DeadLetterEntry entry = entry(record);
                        if (filter.matches(entry)) {
                            action.accept(entry);
                        }
                    }
                }
            }
        }
    }

    /**
     * Records retained in the topic, all partitions (log end minus log start, read from offsets
     * only); 0 if the topic does not exist yet.
     */
    public long records() {
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        return ends.entrySet().stream()
                .mapToLong(end -> Math.max(0, end.getValue() - starts.get(end.getKey())))
                .sum();
    }

    /** Counts of the dead letters matching {@code filter}, by reason and by table. */
    public DeadLetterSummary summary(DeadLetterFilter filter) {
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Long> byTable = new TreeMap<>();
        long[] total = {0};
        forEach(filter, entry -> {
            total[0]++;
            byReason.merge(entry.reason(), 1L, Long::sum);
            byTable.merge(entry.table(), 1L, Long::sum);
        });
        return new DeadLetterSummary(topic, total[0], byReason, byTable);
    }

    /** The dead letter at {@code partition} and {@code offset}, if still retained. */
    public Optional<DeadLetterEntry> find(int partition, long offset) {
        TopicPartition target = new TopicPartition(topic, partition);
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        if (!ends.containsKey(target)) {
            throw new IllegalArgumentException(
                    "Topic '" + topic + "' has no partition " + partition + " (it has " + ends.size() + ")");
        }
        if (offset < starts.get(target) || offset >= ends.get(target)) {
            return Optional.empty();
        }
        try (Consumer<byte[], byte[]> reader = readers.get()) {
            reader.assign(List.of(target));
            reader.seek(target, offset);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(500))) {
                    return record.offset() == offset ? Optional.of(entry(record)) : Optional.empty();
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Deletes the dead letters written before {@code until} (all of them when null), partition by
     * partition; Kafka deletes a prefix of each partition, so a filter by reason or table cannot apply.
     *
     * @return how many records were deleted
     */
    public long purge(Instant until) {
        List<TopicPartition> partitions = partitions();
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> latest = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> ends =
                until == null ? latest : offsets(partitions, OffsetSpec.forTimestamp(until.toEpochMilli()));
        Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
        long deleted = 0;
        for (TopicPartition partition : starts.keySet()) {
            // forTimestamp answers -1 when no record is that recent: everything is older.
            long before = ends.get(partition) < 0 ? latest.get(partition) : ends.get(partition);
            if (before > starts.get(partition)) {
                deletions.put(partition, RecordsToDelete.beforeOffset(before));
                deleted += before - starts.get(partition);
            }
        }
        if (!deletions.isEmpty()) {
            await(admin.deleteRecords(deletions).all());
        }
        return deleted;
    }

    private DeadLetterEntry entry(ConsumerRecord<byte[], byte[]> record) {
        String reason = DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.REASON);
        String table = DeadLetterEntry.UNDECODABLE_TABLE;
        String rowKey = "";
        try {
            Mutation mutation = MutationCodec.decode(record.value());
            table = mutation.table();
            rowKey = mutation.rowKey();
        } catch (RuntimeException e) {
            // Shown as undecodable: that is why it is here.
        }
        return new DeadLetterEntry(
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                reason == null ? "UNKNOWN" : reason,
                table,
                rowKey,
                record.key(),
                record.value(),
                record.headers());
    }

    /** The DLT's partitions; none if the topic does not exist (yet). */
    private List<TopicPartition> partitions() {
        try {
            return await(TopicOffsets.partitions(admin, topic));
        } catch (DeadLetterTopicException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw e;
        }
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) {
        return partitions.isEmpty() ? Map.of() : await(TopicOffsets.offsets(admin, partitions, spec));
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterTopicException(topic, e);
        } catch (ExecutionException e) {
            throw new DeadLetterTopicException(topic, e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new DeadLetterTopicException(topic, e);
        }
    }
}
