/**
 * The public API of the dual-write library: a {@link dev.tandem.dualwrite.Mutation} describes one
 * write committed on the primary; a {@link dev.tandem.dualwrite.SecondaryStore} applies mutations to
 * the secondary through the version fence and reports an {@link dev.tandem.dualwrite.ApplyOutcome}
 * for each.
 */
package dev.tandem.dualwrite;
