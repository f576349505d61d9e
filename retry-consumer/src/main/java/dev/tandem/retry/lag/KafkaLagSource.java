package dev.tandem.retry.lag;

import dev.tandem.core.codec.MutationCodec;
import dev.tandem.retry.TopicOffsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads, per partition of the retry topic: the log end, the group's committed offset, whether a
 * member owns it, and the primary commit time written in the first unapplied record itself (read
 * with a group-less consumer), so lag in seconds is measured, never interpolated from offsets.
 */
final class KafkaLagSource implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;
    private final Consumer<byte[], byte[]> reader;
    private final String topic;
    private final String group;

    KafkaLagSource(Admin admin, Consumer<byte[], byte[]> reader, String topic, String group) {
        this.admin = admin;
        this.reader = reader;
        this.topic = topic;
        this.group = group;
    }

    List<PartitionSample> read(Instant now) throws Exception {
        List<TopicPartition> partitions = await(TopicOffsets.partitions(admin, topic));
        Map<TopicPartition, Long> ends = await(TopicOffsets.offsets(admin, partitions, OffsetSpec.latest()));
        Map<TopicPartition, Long> starts = await(TopicOffsets.offsets(admin, partitions, OffsetSpec.earliest()));
        Map<TopicPartition, OffsetAndMetadata> committed =
                await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Set<TopicPartition> owned = owned(partitions);
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long position = offset == null ? starts.get(partition) : Math.max(offset.offset(), starts.get(partition));
            positions.put(partition, position);
        }
        Map<TopicPartition, Instant> oldest = oldestUnapplied(positions, ends);
        List<PartitionSample> samples = new ArrayList<>(partitions.size());
        for (TopicPartition partition : partitions) {
            samples.add(new PartitionSample(
                    partition.partition(),
                    now,
                    ends.get(partition),
                    Math.min(positions.get(partition), ends.get(partition)),
                    owned.contains(partition),
                    oldest.get(partition)));
        }
        return samples;
    }

    /** Partitions owned by a member; during a rebalance every partition counts as owned if the group has members. */
    private Set<TopicPartition> owned(List<TopicPartition> partitions) throws Exception {
        ConsumerGroupDescription group =
                await(admin.describeConsumerGroups(List.of(this.group)).all()).get(this.group);
        Set<TopicPartition> owned = new HashSet<>();
        if (group == null || group.members().isEmpty()) {
            return owned;
        }
        if (group.state() != ConsumerGroupState.STABLE) {
            owned.addAll(partitions);
            return owned;
        }
        for (MemberDescription member : group.members()) {
            owned.addAll(member.assignment().topicPartitions());
        }
        return owned;
    }

    /** For each partition with records after its position: the commit time written in the record at the position. */
    private Map<TopicPartition, Instant> oldestUnapplied(
            Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends) {
        List<TopicPartition> lagging = positions.keySet().stream()
                .filter(p -> positions.get(p) < ends.get(p))
                .toList();
        Map<TopicPartition, Instant> oldest = new HashMap<>();
        if (lagging.isEmpty()) {
            return oldest;
        }
        reader.assign(lagging);
        lagging.forEach(p -> reader.seek(p, positions.get(p)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (oldest.size() < lagging.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                oldest.putIfAbsent(partition, committedAt(record));
                reader.pause(List.of(partition));
            }
        }
        reader.unsubscribe();
        return oldest;
    }

    /** When the write was committed in the primary; the record's timestamp if the payload is unreadable. */
    private static Instant committedAt(ConsumerRecord<byte[], byte[]> record) {
        try {
            return MutationCodec.decode(record.value()).committedAt();
        } catch (RuntimeException e) {
            return Instant.ofEpochMilli(record.timestamp());
        }
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        reader.close(Duration.ofSeconds(2));
        admin.close(Duration.ofSeconds(2));
    }
}
