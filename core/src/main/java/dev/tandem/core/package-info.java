/**
 * Tandem's core, shared by every part: a {@link dev.tandem.core.Mutation} describes one write
 * committed on the primary (values normalised by {@link dev.tandem.core.Values}); a
 * {@link dev.tandem.core.SecondaryStore} applies mutations to the secondary through the version
 * fence and reports an {@link dev.tandem.core.ApplyOutcome} for each; the
 * {@link dev.tandem.core.FailureClassifier} decides whether a failed apply is worth retrying.
 * The sub-packages hold the fence, the engines' dialects, the schema mapping, comparison, the
 * envelope codec, the control-topic protocol and the JDBC row source.
 */
package dev.tandem.core;
