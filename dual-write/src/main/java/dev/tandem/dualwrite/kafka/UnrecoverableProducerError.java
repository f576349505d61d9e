package dev.tandem.dualwrite.kafka;

import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Errors after which the retry producer is replaced rather than retried: those that put a Kafka
 * producer in its fatal error state (kafka-clients' {@code KafkaProducer#send} Javadoc: fenced,
 * unauthorized, unsupported version), the idempotence errors that mean the producer's sequence
 * numbers no longer match the broker's, and a producer that is closed. Metric tag {@code cause}.
 */
public enum UnrecoverableProducerError {
    OUT_OF_ORDER_SEQUENCE,
    UNKNOWN_PRODUCER_ID,
    INVALID_PRODUCER_EPOCH,
    PRODUCER_FENCED,
    AUTHORIZATION,
    UNSUPPORTED_VERSION,
    /** A {@link KafkaException} of a producer in its error state, whatever error put it there. */
    ERROR_STATE,
    CLOSED;

    // kafka-clients 3.x: TransactionManager.maybeFailWithError and KafkaProducer.throwIfProducerClosed.
    private static final String ERROR_STATE_MESSAGE =
            "Cannot execute transactional method because we are in an error state";
    private static final String CLOSED_MESSAGE = "Cannot perform operation after producer has been closed";

    /** The unrecoverable error in {@code error}'s cause chain, if any; the innermost known one wins. */
    public static Optional<UnrecoverableProducerError> of(Throwable error) {
        UnrecoverableProducerError found = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            UnrecoverableProducerError own = classify(t);
            if (own != null && (found == null || found == ERROR_STATE || found == CLOSED)) {
                found = own;
            }
        }
        return Optional.ofNullable(found);
    }

    private static UnrecoverableProducerError classify(Throwable t) {
        // UnknownProducerIdException extends OutOfOrderSequenceException: test it first.
        if (t instanceof UnknownProducerIdException || t instanceof InvalidPidMappingException) {
            return UNKNOWN_PRODUCER_ID;
        }
        if (t instanceof OutOfOrderSequenceException) {
            return OUT_OF_ORDER_SEQUENCE;
        }
        if (t instanceof InvalidProducerEpochException) {
            return INVALID_PRODUCER_EPOCH;
        }
        if (t instanceof ProducerFencedException) {
            return PRODUCER_FENCED;
        }
        if (t instanceof AuthorizationException) {
            return AUTHORIZATION;
        }
        if (t instanceof UnsupportedVersionException) {
            return UNSUPPORTED_VERSION;
        }
        if (t instanceof KafkaException && ERROR_STATE_MESSAGE.equals(t.getMessage())) {
            return ERROR_STATE;
        }
        if (t instanceof IllegalStateException && CLOSED_MESSAGE.equals(t.getMessage())) {
            return CLOSED;
        }
        return null;
    }
}
