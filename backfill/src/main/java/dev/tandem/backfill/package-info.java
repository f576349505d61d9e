/**
 * Backfill: copies the rows the primary already holds into the secondary while dual writes carry the
 * new ones. Tables are split into key ranges (chunks) by walking the key index; parallel workers
 * copy chunks with keyset pagination through the fenced batch apply, each row at the version it had
 * when read, so a live write that landed first wins and one that lands later simply overwrites.
 * Finished chunks are checkpointed and verified; a re-run resumes where the last one stopped.
 */
package dev.tandem.backfill;
