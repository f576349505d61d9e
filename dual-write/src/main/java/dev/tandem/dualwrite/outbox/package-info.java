/**
 * Crash-safe mode: every captured write is also inserted into an outbox table in the primary, inside
 * the primary transaction; the row is removed once the write is on the secondary or on the retry
 * topic, and a relay publishes rows that a crash (or a slow apply) left behind.
 */
package dev.tandem.dualwrite.outbox;
