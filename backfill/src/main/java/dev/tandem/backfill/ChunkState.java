package dev.tandem.backfill;

/**
 * A chunk as the checkpoint table records it.
 *
 * @param chunk the range
 * @param status where it stands
 * @param rowsCopied rows copied by the run that finished it
 * @param attempts copies made of it (a failed verification makes another)
 * @param verification PASSED, FAILED or SKIPPED once finished; null before
 * @param differences confirmed differences its last verification found
 * @param runId the run that finished it, or null
 */
public record ChunkState(
        Chunk chunk,
        Status status,
        long rowsCopied,
        int attempts,
        String verification,
        long differences,
        String runId) {

    /** Where a chunk stands. */
    public enum Status {
        /** Not copied yet, or a run stopped while copying it. */
        PENDING,
        /** Copied and, unless verification is off, verified. */
        DONE,
        /** Copied, but its verification kept finding differences; a re-run copies it again. */
        FAILED
    }
}
