package dev.tandem.reconcile.distributed;

import dev.tandem.core.work.TaskTopic;
import dev.tandem.core.work.TaskTopicException;
import java.time.Duration;

/**
 * Makes a topic of a distributed run unless it exists. A topic just made may not be described at
 * once (the broker's metadata catches up; several workers may make it at the same time), so its
 * description is asked again for up to the Kafka timeout.
 */
final class Topics {

    private Topics() {}

    /** The partitions of {@code topic}, made with {@code group}'s partitions and replication if missing. */
    static int ensure(TaskTopic topic, ReconcileGroup group) throws InterruptedException {
        long deadline = System.nanoTime() + group.kafkaTimeout().toNanos();
        while (true) {
            try {
                return topic.ensure(group.partitions(), group.replicationFactor());
            } catch (TaskTopicException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(Duration.ofMillis(200).toMillis());
            }
        }
    }
}
