package dev.tandem.backfill;

/**
 * What one worker did in a distributed run.
 *
 * @param worker its id
 * @param chunks chunks it finished in this run
 * @param rows rows it copied in this run
 * @param rowsPerSecond its rows over the time from its first chunk's start to its last chunk's end
 */
public record WorkerShare(String worker, int chunks, long rows, double rowsPerSecond) {

    /** E.g. {@code worker host-a/4711: 12 chunks, 240,000 rows, 31,000 rows/s}. */
    public String describe() {
        return String.format("worker %s: %d chunk(s), %,d rows, %,.0f rows/s", worker, chunks, rows, rowsPerSecond);
    }
}
