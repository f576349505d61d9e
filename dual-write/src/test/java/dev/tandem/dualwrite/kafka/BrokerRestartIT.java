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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes handed off continuously while the real broker is stopped and started again on the same port.
 * The testkit's broker restarts empty, so only writes handed off once it stopped are checked.
 */
class BrokerRestartIT {

    private static final Logger log = LoggerFactory.getLogger(BrokerRestartIT.class);

    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private final String topic = "restart-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void everyWriteHandedOffAcrossABrokerRestartReachesTheRetryTopic() throws Exception {
        kafka.createTopic(topic, 3);
        AtomicInteger producers = new AtomicInteger();
        AtomicInteger otherProducers = new AtomicInteger();
        long otherRenewals;
        KafkaRetryConfig config = KafkaRetryConfig.custom(kafka.bootstrapServers())
                .topic(topic)
                .spoolDirectory(Files.createTempDirectory("tandem-spool"))
                .maxBlock(Duration.ofMillis(500))
                .deliveryTimeout(Duration.ofSeconds(3))
                .replayInterval(Duration.ofMillis(100))
                .build();
        Set<UUID> fromStop = ConcurrentHashMap.newKeySet();
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicBoolean writing = new AtomicBoolean(true);
        try (KafkaRetryHandOff handOff = KafkaRetryHandOff.create(config, properties -> {
            producers.incrementAndGet();
            return new KafkaProducer<>(properties);
        })) {
            Thread writer = new Thread(() -> {
                int i = 0;
                while (writing.get()) {
                    Mutation mutation = Mutation.upsert("accounts")
                            .key("id", i % 500)
                            .column("n", i++)
                            .build();
                    boolean counted = stopped.get();
                    handOff.handOff(mutation, HandOffReason.SECONDARY_FAILED, new IllegalStateException("down"));
                    if (counted) {
                        fromStop.add(mutation.writeId());
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            writer.start();
            Thread.sleep(2_000);
            kafka.stop();
            // From here no broker can acknowledge: what the empty broker had is gone with it.
            stopped.set(true);
            Thread.sleep(3_000);
            kafka.start();
            kafka.createTopic(topic, 3);
            // A second instance starting after the restart gets the first producer id the empty broker hands out.
            // Alone in a JVM both get id 0, and their sequences clash: the broker answers INVALID_PRODUCER_EPOCH
            // or OUT_OF_ORDER_SEQUENCE_NUMBER, which the renewal must survive. In a full build it may not clash.
            KafkaRetryConfig otherConfig = KafkaRetryConfig.custom(kafka.bootstrapServers())
                    .topic(topic)
                    .spoolDirectory(Files.createTempDirectory("tandem-spool"))
                    .replayInterval(Duration.ofMillis(100))
                    .build();
            try (KafkaRetryHandOff other = KafkaRetryHandOff.create(otherConfig, properties -> {
                otherProducers.incrementAndGet();
                return new KafkaProducer<>(properties);
            })) {
                for (int i = 0; i < 2000; i++) {
                    Mutation m = Mutation.upsert("accounts").key("id", i).build();
                    other.handOff(m, HandOffReason.SECONDARY_FAILED, new IllegalStateException("down"));
                    fromStop.add(m.writeId());
                    Thread.sleep(1);
                }
                Thread.sleep(4_000);
                while (other.spooledRecords() > 0) {
                    Thread.sleep(100);
                }
                other.flush();
                otherRenewals = renewals(other);
            }
            writing.set(false);
            writer.join();

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            Thread.sleep(500);
            while ((handOff.spooledRecords() > 0 || !handOff.isKafkaAvailable()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            handOff.flush();

            Set<UUID> onTopic = RetryTopic.readAll(kafka.bootstrapServers(), topic).stream()
                    .map(r -> MutationCodec.decode(r.value()).writeId())
                    .collect(Collectors.toSet());
            long renewals = renewals(handOff);
            log.info(
                    "{} writes handed off once the broker stopped; producers renewed {} times in the first instance,"
                            + " {} in the second",
                    fromStop.size(),
                    renewals,
                    otherRenewals);

            assertThat(fromStop).hasSizeGreaterThan(500);
            assertThat(onTopic).containsAll(fromStop);
            assertThat(handOff.spooledRecords()).isZero();
            assertThat(handOff.lostWrites()).isEqualTo(LostWrites.NONE);
            assertThat(producers.get()).isEqualTo(1 + renewals);
            assertThat(otherProducers.get()).isEqualTo(1 + otherRenewals);
        }
    }

    private static long renewals(KafkaRetryHandOff handOff) {
        long renewals = 0;
        for (UnrecoverableProducerError cause : UnrecoverableProducerError.values()) {
            long count = handOff.producerRenewals(cause);
            if (count > 0) {
                log.info("A producer was renewed {} times after {}", count, cause);
            }
            renewals += count;
        }
        return renewals;
    }
}
