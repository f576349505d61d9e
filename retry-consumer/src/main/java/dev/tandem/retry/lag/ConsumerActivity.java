package dev.tandem.retry.lag;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the consumers of this process are doing, per partition of the retry topic: which partitions
 * they own, and which of them are stuck behind a secondary that cannot take their records. Written
 * by the consumers, read by the lag monitor.
 */
public final class ConsumerActivity {

    private final Map<Integer, Instant> owned = new ConcurrentHashMap<>();
    private final Map<Integer, Failure> failing = new ConcurrentHashMap<>();

    /**
     * A partition whose records the secondary keeps refusing for now.
     *
     * @param since the first failure of the current run of failures
     * @param error the latest error
     */
    public record Failure(Instant since, String error) {}

    public void assigned(Collection<Integer> partitions, Instant now) {
        partitions.forEach(p -> owned.putIfAbsent(p, now));
    }

    public void revoked(Collection<Integer> partitions) {
        partitions.forEach(p -> {
            owned.remove(p);
            failing.remove(p);
        });
    }

    /** The records of {@code partitions} could not be applied because of a transient {@code error}. */
    public void failing(Collection<Integer> partitions, String error, Instant now) {
        partitions.forEach(p -> failing.compute(p, (k, old) -> new Failure(old == null ? now : old.since(), error)));
    }

    /** The records of {@code partitions} went through. */
    public void recovered(Collection<Integer> partitions) {
        partitions.forEach(failing::remove);
    }

    public boolean ownsPartition(int partition) {
        return owned.containsKey(partition);
    }

    public Optional<Failure> failure(int partition) {
        return Optional.ofNullable(failing.get(partition));
    }
}
