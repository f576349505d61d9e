/**
 * Kafka side of the library: the JSON envelope mutations travel in on the retry topic
 * ({@link dev.tandem.core.codec.MutationCodec}).
 */
package dev.tandem.dualwrite.kafka;
