package dev.tandem.retry.lag;

import java.time.Instant;
import java.util.List;

/**
 * The lag of the retry topic's consumer group, as {@code /actuator/retrylag} shows it.
 *
 * @param sampledAt when the figures were taken
 * @param topic the retry topic
 * @param group the consumer group
 * @param status the worst status of any partition
 * @param lagRecords records not yet applied, all partitions
 * @param lagSeconds age of the oldest unapplied write, all partitions
 * @param applyRate records consumed per second over the window, all partitions
 * @param etaSeconds seconds until all is drained at the net drain rate; null when not draining
 * @param partitions per partition
 * @param error why no figures could be taken, or null
 */
public record LagReport(
        Instant sampledAt,
        String topic,
        String group,
        LagStatus status,
        long lagRecords,
        double lagSeconds,
        double applyRate,
        Double etaSeconds,
        List<PartitionLag> partitions,
        String error) {

    public LagReport {
        partitions = List.copyOf(partitions);
    }

    /** A report saying that no figures could be taken, and why. */
    static LagReport unavailable(Instant at, String topic, String group, LagStatus status, String error) {
        return new LagReport(at, topic, group, status, 0, 0, 0, null, List.of(), error);
    }
}
