/**
 * How fast bulk work may read the primary: a {@link dev.tandem.core.pace.Throttle} that pauses while
 * the primary is busy ({@link dev.tandem.core.pace.BusyProbe}) and keeps to a rate, and the
 * {@link dev.tandem.core.pace.GroupShare} of a group's rate that each distributed worker keeps, so the
 * limit holds for all workers together. Shared by the backfill's copy and the reconciler's comparison.
 */
package dev.tandem.core.pace;
