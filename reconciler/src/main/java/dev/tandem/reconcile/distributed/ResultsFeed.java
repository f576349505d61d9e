package dev.tandem.reconcile.distributed;

import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.core.work.TaskTopicException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * opened (before the tasks are published, so that no result of theirs is missed), without a group
 * and without committing. Records that are not segment results are logged and skipped.
 */
final class ResultsFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ResultsFeed.class);

    private final Consumer<String, String> consumer;
    private final String topic;

    ResultsFeed(KafkaClients clients, String topic, Duration timeout) {
        this.topic = topic;
        this.consumer = clients.textConsumer(
                Map.of(),
                Map.of(
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "tandem-reconcile-results",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
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
            consumer.seekToEnd(assigned);
            assigned.forEach(p -> consumer.position(p, timeout)); // fixes the start now, not at the first poll
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw new TaskTopicException("Could not read results topic " + topic + ": " + e, e);
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
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
