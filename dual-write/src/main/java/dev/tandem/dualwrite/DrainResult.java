package dev.tandem.dualwrite;

import java.util.Objects;

/**
 * What {@link DualWriter#drain} found: whether every write handed to the writer is durable, on the
 * secondary or the retry topic (or in the local spool, which replays to it), or why not.
 *
 * @param status drained, timed out, or writes lost
 * @param pending writes still queued or being applied when the drain returned; 0 unless timed out
 * @param lost writes lost since the writer started; any makes the status {@link Status#WRITES_LOST}
 */
public record DrainResult(Status status, long pending, LostWrites lost) {

    /** The outcome of a drain. */
    public enum Status {
        /** Every write taken so far is durable. */
        DRAINED,
        /** Writes were still queued or being applied when the timeout passed. */
        TIMED_OUT,
        /** Some writes were lost: the secondary misses them until a reconcile repairs them. */
        WRITES_LOST
    }

    public DrainResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lost, "lost");
        if (pending < 0) {
            throw new IllegalArgumentException("pending must not be negative but was " + pending);
        }
        if ((status == Status.WRITES_LOST) != lost.any()) {
            throw new IllegalArgumentException("status " + status + " does not fit " + lost.describe());
        }
        if (status == Status.TIMED_OUT && pending == 0) {
            throw new IllegalArgumentException("a timed-out drain has writes pending");
        }
    }

    /** The result for {@code pending} writes left (0 when the drain finished) and {@code lost}. */
    public static DrainResult of(long pending, LostWrites lost) {
        Status status = lost.any() ? Status.WRITES_LOST : pending > 0 ? Status.TIMED_OUT : Status.DRAINED;
        return new DrainResult(status, pending, lost);
    }

    /** Whether every write taken so far is durable. */
    public boolean drained() {
        return status == Status.DRAINED;
    }

    /** For an operator: {@code "drained"}, {@code "timed out with 12 writes pending"}, or the losses. */
    public String describe() {
        return switch (status) {
            case DRAINED -> "drained";
            case TIMED_OUT -> "timed out with " + pending + " writes pending";
            case WRITES_LOST -> lost.describe()
                    + (pending > 0 ? ", and timed out with " + pending + " writes pending" : "");
        };
    }
}
