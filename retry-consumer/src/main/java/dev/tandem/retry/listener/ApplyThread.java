package dev.tandem.retry.listener;

import dev.tandem.retry.apply.BatchApplier;
import dev.tandem.retry.apply.BatchOutcome;
import dev.tandem.retry.apply.DecodedRecord;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The thread that applies a consumer's batches, one at a time, so that the consumer can poll and
 * decode the next batch meanwhile. The consumer alone decides what is committed, once it has
 * {@link #await awaited} the outcome.
 */
final class ApplyThread implements AutoCloseable {

    private final BatchApplier applier;
    private final ExecutorService thread;
    private List<DecodedRecord> batch = List.of();
    private Future<BatchOutcome> outcome;
    private long started;

    ApplyThread(BatchApplier applier, String name) {
        this.applier = applier;
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        });
    }

    void submit(List<DecodedRecord> records) {
        if (busy()) {
            throw new IllegalStateException("A batch of " + batch.size() + " records is still being applied");
        }
        batch = List.copyOf(records);
        started = System.nanoTime();
        outcome = thread.submit(() -> applier.applyDecoded(batch));
    }

    /** Whether a batch was submitted and not yet awaited. */
    boolean busy() {
        return outcome != null;
    }

    /** The batch submitted last. */
    List<DecodedRecord> batch() {
        return batch;
    }

    /** When the batch submitted last was submitted, in {@link System#nanoTime()}. */
    long started() {
        return started;
    }

    /**
     * Waits for the batch to be applied, without giving in to interrupts (the apply is bounded by the
     * statement timeout), and returns its outcome; throws what the apply threw.
     */
    BatchOutcome await() {
        Future<BatchOutcome> pending = outcome;
        outcome = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pending.get();
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
