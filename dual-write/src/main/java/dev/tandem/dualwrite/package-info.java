/**
 * What an application embeds: a {@link dev.tandem.dualwrite.DualWriter} writes the secondary after
 * the primary's commit (inline, asynchronously or crash-safe through an outbox), behind a circuit
 * breaker, and hands every write it cannot apply to a {@link dev.tandem.dualwrite.RetryHandOff}
 * (the Kafka retry topic, with a local spool when Kafka is down). Built from a
 * {@link dev.tandem.dualwrite.DualWriterConfig}; the implementations are in {@code internal}.
 */
package dev.tandem.dualwrite;
