/**
 * The envelope mutations travel in on the retry topic: JSON with typed values
 * ({@link dev.tandem.core.codec.MutationCodec}), decoded leniently enough to dead-letter a malformed
 * record with a reason ({@link dev.tandem.core.codec.EnvelopeReader}), and the record headers that
 * say why and when a write was handed off ({@link dev.tandem.core.codec.RetryHeaders}).
 */
package dev.tandem.core.codec;
