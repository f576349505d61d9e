package dev.tandem.retry.dlt;

/**
 * What a replay did.
 *
 * @param matched dead letters matching the filter
 * @param replayed records published to the retry topic (0 on a dry run)
 * @param dryRun whether nothing was published
 */
public record ReplayResult(long matched, long replayed, boolean dryRun) {}
