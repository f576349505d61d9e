/**
 * Backfill: copies the rows the primary already holds into the secondary while dual writes carry the
 * new ones. Tables are split into key ranges (chunks) by walking the key index; parallel workers
 * copy chunks with keyset pagination through the fenced batch apply, each row at the version it had
 * when read, so a live write that landed first wins and one that lands later simply overwrites.
 * Finished chunks are checkpointed and verified; a re-run resumes where the last one stopped.
 *
 * <p>A run is in-process ({@link dev.tandem.backfill.Backfill}, its workers threads) or shared by
 * worker processes on many hosts: {@link dev.tandem.backfill.BackfillCoordinator} publishes the
 * chunks as tasks on a Kafka consumer group, {@link dev.tandem.backfill.BackfillWorker}s copy them
 * through the same {@code ChunkWork}; both are a {@link dev.tandem.backfill.BackfillRun}.
 */
package dev.tandem.backfill;
