package dev.tandem.dualwrite;

import java.util.Objects;

/**
 * A snapshot of a {@link DualWriter}'s state, for metrics and health: where its circuit breaker
 * stands and how many writes wait for the async executor.
 *
 * @param breaker the circuit breaker's state when the snapshot was taken
 * @param queued writes taken but not yet applied or handed off (async mode; 0 otherwise)
 */
public record DualWriterStats(Breaker breaker, int queued) {

    /** The circuit breaker's states (the names resilience4j gives them). */
    public enum Breaker {
        CLOSED,
        OPEN,
        HALF_OPEN,
        DISABLED,
        FORCED_OPEN,
        METRICS_ONLY;

        /** Whether writes in this state go straight to the retry topic. */
        public boolean sendsToRetryTopic() {
            return this == OPEN || this == FORCED_OPEN;
        }
    }

    public DualWriterStats {
        Objects.requireNonNull(breaker, "breaker");
        if (queued < 0) {
            throw new IllegalArgumentException("Queued writes cannot be negative but were " + queued);
        }
    }
}
