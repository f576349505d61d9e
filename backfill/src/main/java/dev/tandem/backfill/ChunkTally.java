package dev.tandem.backfill;

/**
 * Chunks of one table that share a worker, a status and a run, as the checkpoint table records them.
 *
 * @param worker the worker that finished them; null for pending chunks and for those finished before
 *     workers were recorded
 * @param status where they stand
 * @param runId the run that finished them; null for pending chunks
 * @param chunks how many
 * @param plannedRows the rows their ranges held when planned
 * @param rowsCopied the rows copied by the runs that finished them
 * @param firstStartedAt when the earliest of their last attempts started (epoch ms; 0 if unknown)
 * @param lastFinishedAt when the last of them finished (epoch ms; 0 if unknown)
 */
public record ChunkTally(
        String worker,
        ChunkState.Status status,
        String runId,
        int chunks,
        long plannedRows,
        long rowsCopied,
        long firstStartedAt,
        long lastFinishedAt) {}
