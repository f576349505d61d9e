package dev.tandem.dualwrite;

import java.time.Duration;
import java.util.Objects;

/**
 * How the dual writer behaves, validated when built: {@code DualWriterConfig.custom()...build()}.
 *
 * @param mode inline (caller waits) or async (bounded executor)
 * @param asyncThreads threads applying mutations in async mode
 * @param asyncQueueCapacity mutations waiting for those threads before the next goes to the retry topic
 * @param asyncLinger how long an async worker that took a write waits for more before it applies them
 *     as one batch (as Kafka's {@code linger.ms}): fewer, larger secondary transactions at a moderate
 *     write rate, for that much more replication delay; zero applies what is queued at once
 * @param failureRateThreshold percentage of failed (or slow) applies that opens the circuit
 * @param slowCallThreshold an apply slower than this counts as slow
 * @param slidingWindowSize number of recent applies the failure rate is computed over
 * @param minimumNumberOfCalls applies needed in the window before the circuit may open
 * @param waitInOpenState how long the open circuit sends everything to the retry topic before trying again
 * @param permittedCallsInHalfOpenState trial applies while half open
 * @param maxConcurrentApplies the bulkhead: concurrent applies at most; more go to the retry topic
 * @param shutdownTimeout how long {@link DualWriter#close()} waits for queued writes
 */
public record DualWriterConfig(
        WriteMode mode,
        int asyncThreads,
        int asyncQueueCapacity,
        Duration asyncLinger,
        float failureRateThreshold,
        Duration slowCallThreshold,
        int slidingWindowSize,
        int minimumNumberOfCalls,
        Duration waitInOpenState,
        int permittedCallsInHalfOpenState,
        int maxConcurrentApplies,
        Duration shutdownTimeout) {

    public DualWriterConfig {
        Objects.requireNonNull(mode, "mode");
        requirePositive("asyncThreads", asyncThreads);
        requirePositive("asyncQueueCapacity", asyncQueueCapacity);
        requireNotNegative("asyncLinger", asyncLinger);
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException(
                    "failureRateThreshold must be in (0, 100] but was " + failureRateThreshold);
        }
        requirePositive("slowCallThreshold", slowCallThreshold);
        requirePositive("slidingWindowSize", slidingWindowSize);
        requirePositive("minimumNumberOfCalls", minimumNumberOfCalls);
        requirePositive("waitInOpenState", waitInOpenState);
        requirePositive("permittedCallsInHalfOpenState", permittedCallsInHalfOpenState);
        requirePositive("maxConcurrentApplies", maxConcurrentApplies);
        requireNotNegative("shutdownTimeout", shutdownTimeout);
    }

    /** The default {@link #asyncLinger}. */
    public static final Duration DEFAULT_ASYNC_LINGER = Duration.ofMillis(2);

    public static DualWriterConfig ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative but was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration but was " + value);
        }
    }

    /** Starts from the defaults: async, 2 threads, queue of 10,000, linger 2 ms, 50 % failures over 20 calls open the circuit for 10 s. */
    public static final class Builder {
        private WriteMode mode = WriteMode.ASYNC;
        private int asyncThreads = 2;
        private int asyncQueueCapacity = 10_000;
        private Duration asyncLinger = DEFAULT_ASYNC_LINGER;
        private float failureRateThreshold = 50;
        private Duration slowCallThreshold = Duration.ofSeconds(2);
        private int slidingWindowSize = 20;
        private int minimumNumberOfCalls = 10;
        private Duration waitInOpenState = Duration.ofSeconds(10);
        private int permittedCallsInHalfOpenState = 3;
        private int maxConcurrentApplies = 16;
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        private Builder() {}

        public Builder mode(WriteMode mode) {
            this.mode = mode;
            return this;
        }

        public Builder asyncThreads(int threads) {
            this.asyncThreads = threads;
            return this;
        }

        public Builder asyncQueueCapacity(int capacity) {
            this.asyncQueueCapacity = capacity;
            return this;
        }

        public Builder asyncLinger(Duration linger) {
            this.asyncLinger = linger;
            return this;
        }

        public Builder failureRateThreshold(float percent) {
            this.failureRateThreshold = percent;
            return this;
        }

        public Builder slowCallThreshold(Duration threshold) {
            this.slowCallThreshold = threshold;
            return this;
        }

        public Builder slidingWindowSize(int calls) {
            this.slidingWindowSize = calls;
            return this;
        }

        public Builder minimumNumberOfCalls(int calls) {
            this.minimumNumberOfCalls = calls;
            return this;
        }

        public Builder waitInOpenState(Duration wait) {
            this.waitInOpenState = wait;
            return this;
        }

        public Builder permittedCallsInHalfOpenState(int calls) {
            this.permittedCallsInHalfOpenState = calls;
            return this;
        }

        public Builder maxConcurrentApplies(int applies) {
            this.maxConcurrentApplies = applies;
            return this;
        }

        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = timeout;
            return this;
        }

        public DualWriterConfig build() {
            return new DualWriterConfig(
                    mode,
                    asyncThreads,
                    asyncQueueCapacity,
                    asyncLinger,
                    failureRateThreshold,
                    slowCallThreshold,
                    slidingWindowSize,
                    minimumNumberOfCalls,
                    waitInOpenState,
                    permittedCallsInHalfOpenState,
                    maxConcurrentApplies,
                    shutdownTimeout);
        }
    }
}
