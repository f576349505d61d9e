package dev.tandem.dualwrite.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.junit.jupiter.api.Test;

class UnrecoverableProducerErrorTest {

    @Test
    void findsTheUnrecoverableErrorAnywhereInTheCauseChain() {
        Throwable wrapped = new ExecutionException(new KafkaException(
                "Cannot execute transactional method because we are in an error state",
                new OutOfOrderSequenceException("out of order")));

        assertThat(UnrecoverableProducerError.of(wrapped)).contains(UnrecoverableProducerError.OUT_OF_ORDER_SEQUENCE);
    }

    @Test
    void unknownProducerIdIsNotReportedAsItsOutOfOrderSuperclass() {
        assertThat(UnrecoverableProducerError.of(new UnknownProducerIdException("unknown")))
                .contains(UnrecoverableProducerError.UNKNOWN_PRODUCER_ID);
    }

    @Test
    void anErrorStateWithoutKnownCauseAndAClosedProducerAreUnrecoverable() {
        assertThat(UnrecoverableProducerError.of(
                        new KafkaException("Cannot execute transactional method because we are in an error state")))
                .contains(UnrecoverableProducerError.ERROR_STATE);
        assertThat(UnrecoverableProducerError.of(
                        new IllegalStateException("Cannot perform operation after producer has been closed")))
                .contains(UnrecoverableProducerError.CLOSED);
        assertThat(UnrecoverableProducerError.of(new ProducerFencedException("fenced")))
                .contains(UnrecoverableProducerError.PRODUCER_FENCED);
    }

    @Test
    void transientErrorsAreNotUnrecoverable() {
        assertThat(UnrecoverableProducerError.of(new TimeoutException("Expiring 3 record(s)")))
                .isEmpty();
        assertThat(UnrecoverableProducerError.of(new NetworkException("disconnected")))
                .isEmpty();
        assertThat(UnrecoverableProducerError.of(new NotLeaderOrFollowerException("moved")))
                .isEmpty();
        assertThat(UnrecoverableProducerError.of(new KafkaException("some other failure")))
                .isEmpty();
        assertThat(UnrecoverableProducerError.of(new IllegalStateException("unrelated")))
                .isEmpty();
    }
}
