package dev.tandem.dualwrite.outbox;

import java.time.LocalDateTime;

/**
 * One row the relay claimed. A lean row (since V2) names the write: its table, its key as typed JSON
 * and its version; a row written before V2 carries the whole encoded write in {@code payload} instead.
 *
 * @param recordedVersion the write's version as appended (0 when the sequence is its version)
 * @param versionFromSequence whether the sequence is the write's version (an entity without one)
 */
record OutboxRow(
        long seq,
        String table,
        String rowKey,
        byte[] payload,
        long recordedVersion,
        boolean versionFromSequence,
        LocalDateTime createdAt) {

    /** The write's version: its sequence for an entity without one. */
    long version() {
        return versionFromSequence ? seq : recordedVersion;
    }

    boolean lean() {
        return payload == null;
    }
}
