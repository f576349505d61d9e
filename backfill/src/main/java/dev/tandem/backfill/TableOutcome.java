package dev.tandem.backfill;

import java.util.List;

/**
 * How one table's backfill ended in a run.
 *
 * @param table the primary's table name
 * @param plannedRows the rows its key ranges held when planned
 * @param rowsThisRun rows copied by this run (re-copies included)
 * @param rowsPerSecond this run's copy rate
 * @param chunks its chunks
 * @param chunksDone chunks done now, whichever run finished them
 * @param chunksResumed chunks an earlier run had finished, which this run did not copy again
 * @param failedChunks chunks whose verification still found differences after the last attempt
 * @param deferredIndexes indexes dropped for the copy and recreated after it
 * @param keptIndexes indexes that could not be dropped, with the reason
 * @param error why the table could not be backfilled, or null
 */
public record TableOutcome(
        String table,
        long plannedRows,
        long rowsThisRun,
        double rowsPerSecond,
        int chunks,
        int chunksDone,
        int chunksResumed,
        List<String> failedChunks,
        List<String> deferredIndexes,
        List<String> keptIndexes,
        String error) {

    public TableOutcome {
        failedChunks = List.copyOf(failedChunks);
        deferredIndexes = List.copyOf(deferredIndexes);
        keptIndexes = List.copyOf(keptIndexes);
    }

    /** Every chunk done and verified (or verification off), nothing failed. */
    public boolean complete() {
        return error == null && failedChunks.isEmpty() && chunksDone == chunks;
    }
}
