package dev.tandem.reconcile.run;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run that holds its reconciler's one run slot and is stored as {@code RUNNING}, so its id is known
 * before anything is compared. {@link #call()} compares, stores the result and frees the slot; on any
 * thread, once.
 */
public final class StartedRun implements Callable<RunRecord> {

    private final long id;
    private final Callable<RunRecord> comparison;
    private final AtomicBoolean called = new AtomicBoolean();

    StartedRun(long id, Callable<RunRecord> comparison) {
        this.id = id;
        this.comparison = comparison;
    }

    /** The run's id in the run store, as {@code GET /api/runs/{id}} finds it. */
    public long id() {
        return id;
    }

    /**
     * Compares the run's tables, repairs as asked, stores and returns the run.
     *
     * @throws IllegalStateException if it was called before
     */
    @Override
    public RunRecord call() throws Exception {
        if (!called.compareAndSet(false, true)) {
            throw new IllegalStateException("Run " + id + " was already compared");
        }
        return comparison.call();
    }
}
