package dev.tandem.backfill;

import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.core.work.WorkerId;
import java.time.Duration;

/**
 * How a distributed run's coordinator and workers meet: the tasks topic, the workers' consumer group
 * and the Kafka clients to reach them.
 *
 * @param clients the Kafka clients (bootstrap servers, security)
 * @param tasksTopic the chunks' tasks
 * @param group the workers' consumer group
 * @param partitions the tasks topic's partitions when the coordinator makes it
 * @param replicationFactor its replication factor when made; -1 for the broker's default
 * @param sessionTimeout how long after a worker's last heartbeat its chunks go to others
 * @param maxChunkDuration the longest one chunk may take before the group counts its worker as stuck
 * @param kafkaTimeout the longest one call of the coordinator to Kafka may take
 * @param workerId this process's name as a worker
 */
public record BackfillGroup(
        KafkaClients clients,
        String tasksTopic,
        String group,
        int partitions,
        short replicationFactor,
        Duration sessionTimeout,
        Duration maxChunkDuration,
        Duration kafkaTimeout,
        String workerId) {

    public BackfillGroup {
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "The tasks topic needs at least one partition but was given " + partitions);
        }
        workerId = WorkerId.orLocal(workerId);
    }
}
