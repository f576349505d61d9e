package dev.tandem.dualwrite.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.dualwrite.LostWrites;
import dev.tandem.dualwrite.RetryTopic;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-off and the outbox relay against the real broker, with the exact exception types kafka-clients
 * reports injected into a real producer's sends: an unrecoverable one replaces the producer and every
 * write still reaches the retry topic; a transient one does not.
 */
class ProducerRenewalIT {

    private static final int WRITES = 300;
    private static final int FAIL_FROM = 40;

    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private final String topic = "renewal-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Fault HEALTHY = new Fault(Integer.MAX_VALUE, -1, () -> new IllegalStateException("never"));

    private final List<FailingProducer> producers = new CopyOnWriteArrayList<>();

    static Stream<Arguments> unrecoverableErrors() {
        return Stream.of(
                error(
                        UnrecoverableProducerError.OUT_OF_ORDER_SEQUENCE,
                        () -> new OutOfOrderSequenceException("The broker received an out of order sequence number.")),
                error(
                        UnrecoverableProducerError.UNKNOWN_PRODUCER_ID,
                        () -> new UnknownProducerIdException(
                                "This exception is raised by the broker if it could not locate the producer metadata")),
                error(
                        UnrecoverableProducerError.INVALID_PRODUCER_EPOCH,
                        () -> new InvalidProducerEpochException("Producer attempted to produce with an old epoch.")),
                error(
                        UnrecoverableProducerError.PRODUCER_FENCED,
                        () -> new ProducerFencedException(
                                "There is a newer producer with the same transactionalId which fences the current one.")),
                error(
                        UnrecoverableProducerError.AUTHORIZATION,
                        () -> new ClusterAuthorizationException("Cluster authorization failed.")),
                error(
                        UnrecoverableProducerError.AUTHORIZATION,
                        () -> new TopicAuthorizationException("Not authorized to access topics: [tandem.retry]")),
                // What a producer in its fatal state throws from send(), wrapping the error that put it there.
                error(
                        UnrecoverableProducerError.OUT_OF_ORDER_SEQUENCE,
                        () -> new KafkaException(
                                "Cannot execute transactional method because we are in an error state",
                                new OutOfOrderSequenceException(
                                        "The broker received an out of order sequence number."))),
                error(
                        UnrecoverableProducerError.ERROR_STATE,
                        () -> new KafkaException(
                                "Cannot execute transactional method because we are in an error state")),
                error(
                        UnrecoverableProducerError.CLOSED,
                        () -> new IllegalStateException("Cannot perform operation after producer has been closed")));
    }

    private static Arguments error(UnrecoverableProducerError cause, Supplier<RuntimeException> error) {
        return Arguments.of(cause, error.get().getClass().getSimpleName(), error);
    }

    @ParameterizedTest(name = "{1} → {0}")
    @MethodSource("unrecoverableErrors")
    void unrecoverableErrorReplacesTheProducerAndEveryWriteReachesTheTopic(
            UnrecoverableProducerError cause, String type, Supplier<RuntimeException> error) throws Exception {
        try (KafkaRetryHandOff handOff = handOff(failing(FAIL_FROM, -1, error), HEALTHY)) {
            Set<UUID> written = handOffWrites(handOff, WRITES);

            awaitSpoolDrained(handOff, Duration.ofSeconds(60));
            handOff.flush();

            assertThat(writeIdsOnTopic()).containsAll(written);
            assertThat(handOff.spooledRecords()).isZero();
            assertThat(handOff.lostWrites()).isEqualTo(LostWrites.NONE);
            assertThat(producers).hasSize(2);
            assertThat(producers.get(0).isClosed()).isTrue();
            assertThat(producers.get(0).failedSends()).isPositive();
            assertThat(handOff.producerRenewals(cause)).isEqualTo(1);
        }
    }

    @Test
    void relayPublishesAgainOnceTheBrokenProducerIsReplaced() throws Exception {
        Supplier<RuntimeException> fenced = () -> new OutOfOrderSequenceException("out of order");
        try (KafkaRetryHandOff handOff = handOff(failing(0, -1, fenced), HEALTHY)) {
            Mutation relayed = Mutation.upsert("accounts").key("id", 1).build();

            assertThat(handOff.publishAcknowledged(relayed, HandOffReason.OUTBOX_RELAY, null))
                    .as("the broken producer cannot publish")
                    .isFalse();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean published = false;
            while (!published && System.nanoTime() < deadline) {
                Thread.sleep(50);
                published = handOff.publishAcknowledged(relayed, HandOffReason.OUTBOX_RELAY, null);
            }

            assertThat(published).as("published by the new producer").isTrue();
            assertThat(writeIdsOnTopic()).contains(relayed.writeId());
            assertThat(handOff.producerRenewals(UnrecoverableProducerError.OUT_OF_ORDER_SEQUENCE))
                    .isEqualTo(1);
        }
    }

    @Test
    void producersThatKeepFailingAreReplacedWithBackOffAndKeepTheirWritesSpooled() throws Exception {
        Supplier<RuntimeException> fenced = () -> new ProducerFencedException("fenced");
        try (KafkaRetryHandOff handOff = handOff(failing(0, -1, fenced), failing(0, -1, fenced))) {
            Set<UUID> written = handOffWrites(handOff, 5);
            Thread.sleep(3_000);

            // Every 50 ms replay tick would make 60 producers; with the doubling back-off it is ~7.
            assertThat(producers).hasSizeBetween(3, 9);
            assertThat(handOff.spooledRecords()).isEqualTo(written.size());
            assertThat(handOff.lostWrites()).isEqualTo(LostWrites.NONE);
        }
    }

    static Stream<Arguments> transientErrors() {
        Supplier<RuntimeException> timeout = () -> new TimeoutException("Expiring 1 record(s): 10000 ms has passed");
        Supplier<RuntimeException> network = () -> new NetworkException("The server disconnected");
        return Stream.of(
                Arguments.of(timeout.get().getClass().getSimpleName(), timeout),
                Arguments.of(network.get().getClass().getSimpleName(), network));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transientErrors")
    void transientErrorKeepsTheProducerAndSpoolsUntilKafkaTakesTheWrites(String type, Supplier<RuntimeException> error)
            throws Exception {
        try (KafkaRetryHandOff handOff = handOff(failing(FAIL_FROM, 20, error), HEALTHY)) {
            Set<UUID> written = handOffWrites(handOff, WRITES);

            awaitSpoolDrained(handOff, Duration.ofSeconds(60));
            handOff.flush();

            assertThat(writeIdsOnTopic()).containsAll(written);
            assertThat(producers).hasSize(1);
            for (UnrecoverableProducerError cause : UnrecoverableProducerError.values()) {
                assertThat(handOff.producerRenewals(cause)).isZero();
            }
        }
    }

    /** A hand-off whose first producer has fault {@code first}, and every later one {@code later}. */
    private KafkaRetryHandOff handOff(Fault first, Fault later) throws Exception {
        kafka.createTopic(topic, 3);
        KafkaRetryConfig config = KafkaRetryConfig.custom(kafka.bootstrapServers())
                .topic(topic)
                .spoolDirectory(Files.createTempDirectory("tandem-spool"))
                .replayInterval(Duration.ofMillis(50))
                .build();
        return KafkaRetryHandOff.create(config, properties -> {
            Fault fault = producers.isEmpty() ? first : later;
            FailingProducer producer = new FailingProducer(
                    new KafkaProducer<>(properties), fault.from(), fault.recoverAfter(), fault.error());
            producers.add(producer);
            return producer;
        });
    }

    private record Fault(int from, int recoverAfter, Supplier<RuntimeException> error) {}

    private static Fault failing(int from, int recoverAfter, Supplier<RuntimeException> error) {
        return new Fault(from, recoverAfter, error);
    }

    private static Set<UUID> handOffWrites(KafkaRetryHandOff handOff, int count) throws InterruptedException {
        Set<UUID> written = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Mutation mutation = Mutation.upsert("accounts")
                    .key("id", i)
                    .column("owner", "o" + i)
                    .build();
            handOff.handOff(mutation, HandOffReason.SECONDARY_FAILED, new IllegalStateException("secondary down"));
            written.add(mutation.writeId());
            if (i % 50 == 0) {
                Thread.sleep(20);
            }
        }
        return written;
    }

    private static void awaitSpoolDrained(KafkaRetryHandOff handOff, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Give failed sends time to reach the spool before waiting for it to empty.
        Thread.sleep(500);
        while ((handOff.spooledRecords() > 0 || !handOff.isKafkaAvailable()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private Set<UUID> writeIdsOnTopic() {
        return RetryTopic.readAll(kafka.bootstrapServers(), topic).stream()
                .map(r -> MutationCodec.decode(r.value()).writeId())
                .collect(Collectors.toSet());
    }
}
