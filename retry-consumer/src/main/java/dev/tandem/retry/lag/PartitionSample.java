package dev.tandem.retry.lag;

import java.time.Instant;

/**
 * What Kafka says about one partition at one moment.
 *
 * @param partition the partition
 * @param at when it was read
 * @param endOffset the log-end offset
 * @param committedOffset the group's committed offset (the log start when the group has none)
 * @param owned whether a member of the group owns the partition
 * @param oldestUnappliedAt primary commit time of the record at the committed offset; null when the lag is 0
 */
record PartitionSample(
        int partition, Instant at, long endOffset, long committedOffset, boolean owned, Instant oldestUnappliedAt) {

    long lag() {
        return Math.max(0, endOffset - committedOffset);
    }
}
