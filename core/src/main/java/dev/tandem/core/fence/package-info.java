/**
 * The version fence: per row of the secondary, the last applied version (or tombstone) in a fence
 * table; a mutation is written only if it beats that state ({@link dev.tandem.core.fence.VersionFence}).
 * {@link dev.tandem.core.fence.FencedSecondaryStore} applies batches set-wise in one transaction.
 */
package dev.tandem.core.fence;
