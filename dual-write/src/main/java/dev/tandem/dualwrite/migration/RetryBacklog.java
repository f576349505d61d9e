package dev.tandem.dualwrite.migration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * What the retry topics still hold for their consumers and what the dead-letter topics hold, read
 * from the brokers (committed offsets against log ends), so any process can check the gates.
 */
final class RetryBacklog {

    private static final long TIMEOUT_SECONDS = 10;

    private final Admin admin;

    RetryBacklog(Admin admin) {
        this.admin = admin;
    }

    /** Records of {@code topic} that {@code group} has not committed past; 0 for a topic that does not exist. */
    long lag(String topic, String group) throws Exception {
        List<TopicPartition> partitions = partitions(topic);
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            long position = Math.max(offset == null ? 0 : offset.offset(), starts.get(partition));
            lag += Math.max(0, ends.get(partition) - position);
        }
        return lag;
    }

    /** Records on {@code topic} (log end minus log start, summed); 0 for a topic that does not exist. */
    long size(String topic) throws Exception {
        List<TopicPartition> partitions = partitions(topic);
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        return partitions.stream().mapToLong(p -> ends.get(p) - starts.get(p)).sum();
    }

    private List<TopicPartition> partitions(String topic) throws Exception {
        try {
            return admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw e;
        }
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request)
                .all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((p, info) -> offsets.put(p, info.offset()));
        return offsets;
    }
}
