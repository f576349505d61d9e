/**
 * The hand-off to the retry topic: a producer that is renewed when Kafka fences or loses it, a local
 * file spool for the writes Kafka could not take, and the topic's configuration. Records are encoded
 * with {@link dev.tandem.core.codec.MutationCodec}.
 */
package dev.tandem.dualwrite.kafka;
