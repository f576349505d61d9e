package dev.tandem.reconcile.distributed;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * A reconciliation shared by worker processes ({@code tandem run --worker}) on any number of hosts,
 * under {@code tandem.reconciler.distributed}: the coordinator ({@code tandem run}) splits each table
 * into key-range segments and publishes them as tasks to {@code tasksTopic}; the workers of consumer
 * group {@code group} compare the segments Kafka assigns them and publish each segment's result to
 * {@code resultsTopic}, from which the coordinator assembles the run. Kafka is reached through
 * {@code spring.kafka.*}.
 *
 * @param enabled off: {@code tandem run} compares in its own process, as always
 * @param tasksTopic the segments' tasks; made by the coordinator if missing
 * @param resultsTopic the segments' results; made by the coordinator if missing
 * @param group the workers' consumer group
 * @param partitions the topics' partitions when the coordinator makes them: the most workers that can
 *     compare at once
 * @param replicationFactor the topics' replication factor when made; -1 for the broker's default
 * @param segmentRows about how many of the primary's rows one segment holds
 * @param sessionTimeout how long after a worker's last heartbeat (it died) its segments go to others
 * @param maxSegmentDuration the longest one segment may take before the group counts its worker as stuck
 * @param kafkaTimeout the longest one call to Kafka may take
 * @param progressInterval how often the coordinator logs the segments compared so far
 * @param workerId names a worker in results and logs; the host name and process id when unset
 * @param members group members one worker process runs, each comparing one segment at a time (each
 *     holds a connection to each store)
 */
@ConfigurationProperties("tandem.reconciler.distributed")
@Validated
public record DistributedProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("tandem.reconcile.tasks") @NotBlank String tasksTopic,
        @DefaultValue("tandem.reconcile.results") @NotBlank String resultsTopic,
        @DefaultValue("tandem-reconcile-workers") @NotBlank String group,
        @DefaultValue("24") @Min(1) int partitions,
        @DefaultValue("-1") short replicationFactor,
        @DefaultValue("1000000") @Min(1) int segmentRows,
        @DefaultValue("15s") Duration sessionTimeout,
        @DefaultValue("30m") Duration maxSegmentDuration,
        @DefaultValue("30s") Duration kafkaTimeout,
        @DefaultValue("30s") Duration progressInterval,
        String workerId,
        @DefaultValue("1") @Min(1) int members) {}
