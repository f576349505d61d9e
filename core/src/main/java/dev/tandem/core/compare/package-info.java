/**
 * Do the stores agree? The canonical comparison rules for a column held by both stores (shared by
 * the reconciler, shadow reads and backfill verification), the binary key order both sides are
 * streamed in, and the one-pass merge join that finds every difference and re-checks it.
 */
package dev.tandem.core.compare;
