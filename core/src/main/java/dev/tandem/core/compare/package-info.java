/**
 * The canonical comparison rules for a column held by both stores, shared by everything that asks
 * "do the stores agree?": the reconciler, shadow reads and backfill verification.
 */
package dev.tandem.core.compare;
