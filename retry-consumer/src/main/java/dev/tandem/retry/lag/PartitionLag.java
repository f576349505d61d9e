package dev.tandem.retry.lag;

/**
 * The lag of one partition of the retry topic.
 *
 * @param partition the partition
 * @param lagRecords records after the group's committed offset
 * @param lagSeconds age of the oldest of them, from the primary commit time written in the record
 * @param applyRate records consumed per second over the window (applied, stale, duplicate or dead-lettered)
 * @param etaSeconds seconds until drained at the window's net drain rate; null when the lag is not shrinking
 * @param status the judgement over the window
 * @param detail why, in words for on-call
 */
public record PartitionLag(
        int partition,
        long lagRecords,
        double lagSeconds,
        double applyRate,
        Double etaSeconds,
        LagStatus status,
        String detail) {}
