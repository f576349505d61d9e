package dev.tandem.reconcile.run;

import dev.tandem.core.source.TableSpec;
import java.time.Instant;

/**
 * How a run has one table compared: in this process (the default), or split into key-range segments
 * that a group of workers compares ({@code dev.tandem.reconcile.distributed}). Either way the run
 * checks pending keys, repairs, stores and reports the result alike.
 */
@FunctionalInterface
public interface TableComparer {

    /** Compares in this process, with the run's sides. */
    TableComparer IN_PROCESS = (run, spec, since, local) -> local.run(spec, since);

    /**
     * Compares {@code spec}'s table for run {@code run}.
     *
     * @param since compare only the rows changed since then; the whole table when null
     * @param local the run's comparison of the two stores, in this process
     */
    TableResult compare(long run, TableSpec spec, Instant since, TableReconciliation local) throws Exception;

    /**
     * Whether a run this comparer drives can be continued by another process after this one died, under
     * the same id: what it compared is durable outside this process (a distributed run's plans in the
     * run store, its segments' results on Kafka), and {@link #compare} called again for a table it had
     * started picks up where it stood. False in process: such a run is marked abandoned instead.
     */
    default boolean continuesRuns() {
        return false;
    }
}
