package dev.tandem.dualwrite;

import dev.tandem.dualwrite.internal.DefaultDualWriter;
import java.time.Duration;

/**
 * Writes the secondary after the primary committed: applies each mutation through the version fence
 * and, when that is not possible (secondary down or slow, circuit open, bulkhead or queue full, the
 * mutation invalid there), hands it to the retry topic instead. It never throws a secondary problem to
 * the caller: the primary's write has succeeded and stays so.
 *
 * <pre>{@code
 * DualWriter writer = DualWriter.of(SecondaryStore.of(secondaryDataSource), retryHandOff,
 *         DualWriterConfig.custom().mode(WriteMode.ASYNC).build());
 * // after the primary transaction committed:
 * writer.write(mutation);
 * }</pre>
 */
public interface DualWriter extends AutoCloseable {

    static DualWriter of(SecondaryStore secondary, RetryHandOff retry, DualWriterConfig config) {
        return new DefaultDualWriter(secondary, retry, config, DualWriterMetrics.NOOP);
    }

    static DualWriter of(
            SecondaryStore secondary, RetryHandOff retry, DualWriterConfig config, DualWriterMetrics metrics) {
        return new DefaultDualWriter(secondary, retry, config, metrics);
    }

    /** Writes {@code mutation}, committed on the primary, to the secondary or hands it to the retry topic. */
    void write(Mutation mutation);

    /**
     * Like {@link #write(Mutation)}, and runs {@code onDurable} once the write is on the secondary or
     * acknowledged by the retry topic; never if it is only spooled locally or lost. Crash-safe mode
     * uses it to remove the write's outbox row.
     */
    void write(Mutation mutation, Runnable onDurable);

    /**
     * Waits until every write taken so far was applied to the secondary or handed to the retry topic,
     * and the hand-off flushed: what a cutover waits for while writes are held. False if {@code
     * timeout} passed first.
     */
    default boolean drain(Duration timeout) {
        return true;
    }

    /** Whether the circuit breaker currently sends writes straight to the retry topic. */
    boolean isCircuitOpen();

    /**
     * Stops taking writes; in async mode waits up to the configured shutdown timeout for queued
     * writes, then hands what is left to the retry topic.
     */
    @Override
    void close();
}
