package dev.tandem.retry;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/** The partitions of a topic and their offsets, as the lag monitor and the DLT tools ask the broker for them. */
public final class TopicOffsets {

    private TopicOffsets() {}

    /** Every partition of {@code topic}. */
    public static KafkaFuture<List<TopicPartition>> partitions(Admin admin, String topic) {
        return admin.describeTopics(List.of(topic))
                .allTopicNames()
                .thenApply(topics -> topics.get(topic).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList());
    }

    /** The offset {@code spec} names in each of {@code partitions}. */
    public static KafkaFuture<Map<TopicPartition, Long>> offsets(
            Admin admin, Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        return admin.listOffsets(request).all().thenApply(result -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            result.forEach((p, info) -> offsets.put(p, info.offset()));
            return offsets;
        });
    }
}
