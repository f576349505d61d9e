/**
 * Crash-safe mode: every captured write also leaves a lean row (table, key, version) in an outbox
 * table in the primary, inside the primary transaction; the row is removed once the write is on the
 * secondary or on the retry topic, and a relay reads the rows that a crash (or a slow apply) left
 * behind again in the primary and publishes them as they are now.
 */
package dev.tandem.dualwrite.outbox;
