package dev.tandem.core.schema;

import java.time.Instant;

/**
 * One row of a component's history table: a migration applied to its tables.
 *
 * @param checksum the CRC32 of the script's text as it was applied
 * @param executionMillis how long its statements took
 */
public record AppliedMigration(
        int version, String description, String script, long checksum, Instant installedAt, long executionMillis) {}
