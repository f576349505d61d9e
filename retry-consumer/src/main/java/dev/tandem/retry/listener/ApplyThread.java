package dev.tandem.retry.listener;

import dev.tandem.core.DaemonThreads;
import dev.tandem.retry.apply.BatchApplier;
import dev.tandem.retry.apply.BatchOutcome;
import dev.tandem.retry.apply.DecodedRecord;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The thread that applies a consumer's batches, in the order they are handed over, so that the
 * consumer can poll and decode meanwhile. The consumer keeps the next batch queued here, so the
 * thread goes from one batch to the next without waiting for the consumer to wake up. The consumer
 * alone decides what is committed, once it has {@link #awaitOldest awaited} an outcome.
 */
final class ApplyThread implements AutoCloseable {

    /** A batch handed over; {@code outcome} yields its outcome and how long the apply took, in nanoseconds. */
    record Batch(List<DecodedRecord> records, Future<Timed> outcome) {}

    record Timed(BatchOutcome outcome, long nanos) {}

    private final BatchApplier applier;
    private final ExecutorService thread;
    private final Deque<Batch> handedOver = new ArrayDeque<>();

    ApplyThread(BatchApplier applier, String name) {
        this.applier = applier;
        this.thread = Executors.newSingleThreadExecutor(DaemonThreads.named(name));
    }

    void submit(List<DecodedRecord> records) {
        List<DecodedRecord> batch = List.copyOf(records);
        handedOver.add(new Batch(batch, thread.submit(() -> {
            long started = System.nanoTime();
            BatchOutcome outcome = applier.applyDecoded(batch);
            return new Timed(outcome, System.nanoTime() - started);
        })));
    }

    /** How many batches were handed over and not yet awaited. */
    int inFlight() {
        return handedOver.size();
    }

    /** The oldest batch not yet awaited. */
    Batch oldest() {
        return handedOver.getFirst();
    }

    /**
     * Waits for the oldest batch to be applied, without giving in to interrupts (the apply is bounded
     * by the statement timeout), and returns its outcome; throws what the apply threw.
     */
    Timed awaitOldest() {
        Future<Timed> outcome = handedOver.removeFirst().outcome();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return outcome.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
