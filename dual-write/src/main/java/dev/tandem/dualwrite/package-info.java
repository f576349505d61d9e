/**
 * The public API of the dual-write library: a {@link dev.tandem.core.Mutation} describes one
 * write committed on the primary; a {@link dev.tandem.core.SecondaryStore} applies mutations to
 * the secondary through the version fence and reports an {@link dev.tandem.core.ApplyOutcome}
 * for each.
 */
package dev.tandem.dualwrite;
