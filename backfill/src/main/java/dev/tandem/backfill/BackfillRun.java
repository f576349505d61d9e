package dev.tandem.backfill;

import java.util.List;

/**
 * A backfill run as its caller follows it: in-process ({@link Backfill}) or shared by workers on many
 * hosts ({@link BackfillCoordinator}).
 */
public interface BackfillRun {

    /**
     * Backfills {@code tables}; returns when every chunk is done (or failed its verification for the
     * last time), or once stopped.
     *
     * @throws IllegalArgumentException naming a table, column or dependency that does not fit
     */
    BackfillResult run(List<BackfillTable> tables) throws Exception;

    /** Asks the run to stop; unfinished chunks stay pending for the next run. */
    void stop();

    /** The progress of every table this run has reached. */
    List<TableProgress> progress();

    /** What an operator sees while the run goes on: a line per unfinished table, and per worker if shared. */
    default List<String> describe() {
        return progress().stream()
                .filter(p -> p.chunksDone() < p.chunks())
                .map(TableProgress::describe)
                .toList();
    }

    /** How many times workers paused because the primary was busy (this process's). */
    long busyPauses();
}
