package dev.tandem.dualwrite;

import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
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
     * acknowledged by the retry topic; never if it is only spooled locally or could not be kept. The
     * caller keeps the write until then and hands it again otherwise: crash-safe mode uses it to
     * remove the write's outbox row, whose relay publishes the write again. Such a write is therefore
     * never counted {@linkplain #lostWrites() lost}.
     */
    void write(Mutation mutation, Runnable onDurable);

    /**
     * Waits until every write taken so far was applied to the secondary or handed to the retry topic,
     * and the hand-off flushed: what a cutover waits for while writes are held. The result says
     * whether everything taken is durable: {@link DrainResult.Status#TIMED_OUT} if {@code timeout}
     * passed first, {@link DrainResult.Status#WRITES_LOST} if writes were {@linkplain #lostWrites()
     * lost} since the writer started.
     */
    default DrainResult drain(Duration timeout) {
        return DrainResult.of(0, lostWrites());
    }

    /**
     * Writes taken since the writer started that reached neither the secondary nor the retry topic
     * nor the local spool: the secondary misses them until a reconcile repairs their rows. Logged one
     * by one as they happen; exported as {@code tandem.dualwrite.lost} by the Spring Boot integration.
     */
    default LostWrites lostWrites() {
        return LostWrites.NONE;
    }

    /** Whether the circuit breaker currently sends writes straight to the retry topic. */
    boolean isCircuitOpen();

    /**
     * A snapshot of the writer's state, for metrics: the breaker's state and the writes queued. A
     * writer without a breaker of its own reports it from {@link #isCircuitOpen()}.
     */
    default DualWriterStats stats() {
        return new DualWriterStats(isCircuitOpen() ? DualWriterStats.Breaker.OPEN : DualWriterStats.Breaker.CLOSED, 0);
    }

    /**
     * Stops taking writes; in async mode waits up to the configured shutdown timeout for queued
     * writes, then hands what is left to the retry topic.
     */
    @Override
    void close();
}
