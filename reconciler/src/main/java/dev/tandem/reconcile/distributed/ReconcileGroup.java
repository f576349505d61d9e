package dev.tandem.reconcile.distributed;

import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.core.work.WorkerId;
import java.time.Duration;

/**
 * How a distributed run's coordinator and workers meet: the tasks and results topics, the workers'
 * consumer group and the Kafka clients to reach them, and how the tables are split.
 *
 * @param clients the Kafka clients (bootstrap servers, security)
 * @param tasksTopic the segments' tasks
 * @param resultsTopic the segments' results
 * @param group the workers' consumer group
 * @param partitions the topics' partitions when the coordinator makes them
 * @param replicationFactor their replication factor when made; -1 for the broker's default
 * @param segmentRows about how many of the primary's rows one segment holds
 * @param sessionTimeout how long after a worker's last heartbeat its segments go to others
 * @param maxSegmentDuration the longest one segment may take before the group counts its worker as stuck
 * @param kafkaTimeout the longest one call to Kafka may take
 * @param workerId this process's name as a worker
 * @param members the group members one worker process runs (each compares one segment at a time)
 */
public record ReconcileGroup(
        KafkaClients clients,
        String tasksTopic,
        String resultsTopic,
        String group,
        int partitions,
        short replicationFactor,
        int segmentRows,
        Duration sessionTimeout,
        Duration maxSegmentDuration,
        Duration kafkaTimeout,
        String workerId,
        int members) {

    public ReconcileGroup {
        if (tasksTopic.equals(resultsTopic)) {
            throw new IllegalArgumentException(
                    "The tasks and the results topic must differ but both are " + tasksTopic);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("The topics need at least one partition but were given " + partitions);
        }
        if (segmentRows < 1) {
            throw new IllegalArgumentException("A segment holds at least one row but was given " + segmentRows);
        }
        if (members < 1) {
            throw new IllegalArgumentException("A worker runs at least one member but was given " + members);
        }
        workerId = WorkerId.orLocal(workerId);
    }
}
