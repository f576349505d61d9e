package dev.tandem.backfill;

/**
 * What one worker finished in a run, as the coordinator adds it up from the checkpoints: chunks, rows,
 * and the time from its first chunk's start to its last chunk's end (epoch ms).
 */
record WorkerSpan(int chunks, long rows, long firstStartedAt, long lastFinishedAt) {

    static WorkerSpan of(ChunkTally tally) {
        return new WorkerSpan(tally.chunks(), tally.rowsCopied(), tally.firstStartedAt(), tally.lastFinishedAt());
    }

    WorkerSpan plus(WorkerSpan other) {
        return new WorkerSpan(
                chunks + other.chunks,
                rows + other.rows,
                Math.min(firstStartedAt, other.firstStartedAt),
                Math.max(lastFinishedAt, other.lastFinishedAt));
    }

    /** Its rows over its span; 0 before a span. */
    double rowsPerSecond() {
        long millis = lastFinishedAt - firstStartedAt;
        return millis > 0 ? rows * 1000.0 / millis : 0;
    }

    WorkerShare share(String worker) {
        return new WorkerShare(worker, chunks, rows, rowsPerSecond());
    }
}
