package dev.tandem.dualwrite.kafka;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.core.codec.RetryHeaders;
import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.dualwrite.LostWrites;
import dev.tandem.dualwrite.RetryHandOff;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands mutations to the retry topic with an idempotent, {@code acks=all} producer, keyed by table
 * and row key so all writes of a row share a partition. When Kafka cannot take a record (no metadata
 * or buffer within {@code maxBlock}, or no acknowledgement within {@code deliveryTimeout}), the record
 * goes to the durable local {@link FileSpool}, and further hand-offs go straight there until a
 * background probe finds Kafka again; the spool is then replayed, oldest first. After an error the
 * producer cannot recover from ({@link UnrecoverableProducerError}) the producer is replaced, with a
 * back-off, and what it did not acknowledge is sent again from the spool.
 */
public final class KafkaRetryHandOff implements RetryHandOff, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaRetryHandOff.class);

    private final KafkaRetryConfig config;
    private final RetryProducer producer;
    private final FileSpool spool;
    private final ScheduledExecutorService replayer;
    private final AtomicReference<LostWrites> lost = new AtomicReference<>(LostWrites.NONE);
    private volatile boolean kafkaAvailable = true;

    private KafkaRetryHandOff(
            KafkaRetryConfig config, Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
        this.config = config;
        Map<String, Object> properties = producerProperties(config);
        this.producer = new RetryProducer(() -> producers.apply(properties), config.replayInterval());
        this.spool = new FileSpool(config.spoolDirectory(), config.spoolMaxBytes());
        this.replayer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tandem-spool-replayer"));
        long interval = config.replayInterval().toMillis();
        replayer.scheduleWithFixedDelay(this::replay, interval, interval, TimeUnit.MILLISECONDS);
    }

    public static KafkaRetryHandOff create(KafkaRetryConfig config) {
        return create(config, KafkaProducer::new);
    }

    /** As {@link #create(KafkaRetryConfig)}, with {@code producers} creating each producer from its properties. */
    static KafkaRetryHandOff create(
            KafkaRetryConfig config, Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
        return new KafkaRetryHandOff(config, producers);
    }

    private static Map<String, Object> producerProperties(KafkaRetryConfig config) {
        Map<String, Object> application = new HashMap<>(config.producerProperties());
        application.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        int delivery = (int) config.deliveryTimeout().toMillis();
        return Map.copyOf(KafkaClients.of(application)
                .producerConfig(
                        Map.of(
                                ProducerConfig.LINGER_MS_CONFIG,
                                5,
                                ProducerConfig.CLIENT_ID_CONFIG,
                                "tandem-dual-write"),
                        Map.of(
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                (int) config.maxBlock().toMillis(),
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                delivery,
                                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                Math.max(1, delivery / 2))));
    }

    @Override
    public void handOff(Mutation mutation, HandOffReason reason, Throwable cause) {
        send(mutation, toRecord(mutation, reason, cause), () -> {}, false);
    }

    /** As {@link RetryHandOff}: the caller keeps the write, so one the full spool refuses is not lost. */
    @Override
    public void handOff(Mutation mutation, HandOffReason reason, Throwable cause, Runnable onAcknowledged) {
        send(mutation, toRecord(mutation, reason, cause), onAcknowledged, true);
    }

    private void send(Mutation mutation, SpooledRecord record, Runnable onAcknowledged, boolean kept) {
        if (!kafkaAvailable || !producer.isUsable()) {
            spool(record, mutation, kept);
            return;
        }
        try {
            producer.send(toProducerRecord(record), (metadata, error) -> {
                if (error != null) {
                    kafkaUnavailable(error);
                    spool(record, mutation, kept);
                } else {
                    onAcknowledged.run();
                }
            });
        } catch (RuntimeException e) {
            kafkaUnavailable(e);
            spool(record, mutation, kept);
        }
    }

    /** Writes handed off that neither Kafka nor the local spool took, and that no caller keeps. */
    @Override
    public LostWrites lostWrites() {
        return lost.get();
    }

    /**
     * Publishes {@code mutation} and waits for the broker's acknowledgement, without spooling: true
     * if the retry topic has it. For the crash-safe outbox relay, whose rows stay in the outbox until
     * published.
     *
     * @param cause why it is handed off, shown in the record's error headers; null for none
     */
    public boolean publishAcknowledged(Mutation mutation, HandOffReason reason, Throwable cause) {
        return publishNow(toRecord(mutation, reason, cause));
    }

    /** Records waiting in the local spool. */
    public long spooledRecords() {
        return spool.records();
    }

    /** Bytes the local spool takes on disk. */
    public long spooledBytes() {
        return spool.bytes();
    }

    /**
     * How full the local spool is, 0 to 1: its bytes over its capacity ({@link
     * KafkaRetryConfig#spoolMaxBytes()}). Near 1, a write that Kafka does not take no longer fits and is lost.
     */
    public double spoolFillRatio() {
        return (double) spool.bytes() / config.spoolMaxBytes();
    }

    /** Whether the last contact with Kafka succeeded. */
    public boolean isKafkaAvailable() {
        return kafkaAvailable;
    }

    /** How often the producer was replaced after {@code cause}, since this hand-off started. */
    public long producerRenewals(UnrecoverableProducerError cause) {
        return producer.renewals(cause);
    }

    /** Sends what the producer buffers and waits for it. */
    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        replayer.shutdownNow();
        try {
            producer.close(config.deliveryTimeout());
        } finally {
            spool.close();
        }
    }

    private void replay() {
        try {
            if (producer.renewIfDue()) {
                kafkaAvailable = false;
            }
            if (!producer.isUsable()) {
                return;
            }
            if (!kafkaAvailable) {
                producer.partitionsFor(config.topic());
                kafkaAvailable = true;
                log.info(
                        "Kafka is reachable again; replaying {} spooled records to {}",
                        spool.records(),
                        config.topic());
            }
            if (!spool.isEmpty()) {
                long replayed = spool.drain(this::publishNow);
                if (replayed > 0) {
                    log.info("Replayed {} spooled records to {}; {} left", replayed, config.topic(), spool.records());
                }
            }
        } catch (RuntimeException e) {
            kafkaUnavailable(e);
        }
    }

    private boolean publishNow(SpooledRecord record) {
        if (!producer.isUsable()) {
            return false;
        }
        try {
            producer.sendAndWait(toProducerRecord(record), config.deliveryTimeout());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            kafkaUnavailable(e.getCause());
            return false;
        } catch (Exception e) {
            kafkaUnavailable(e);
            return false;
        }
    }

    private static SpooledRecord toRecord(Mutation mutation, HandOffReason reason, Throwable cause) {
        Mutation retried = mutation.nextAttempt();
        return new SpooledRecord(
                MutationCodec.recordKey(retried),
                MutationCodec.encode(retried),
                RetryHeaders.of(retried, reason, cause, Instant.now()));
    }

    private void spool(SpooledRecord record, Mutation mutation, boolean kept) {
        if (spool.append(record)) {
            return;
        }
        if (kept) {
            log.warn(
                    "Neither Kafka nor the full local spool takes {}; its caller keeps it (the crash-safe outbox"
                            + " relays it again)",
                    mutation.describe());
        } else {
            lost.updateAndGet(l -> l.plusOne(Instant.now()));
            log.error(
                    "Lost {}: neither the secondary, Kafka nor the full local spool could take it",
                    mutation.describe());
        }
    }

    private void kafkaUnavailable(Throwable error) {
        if (kafkaAvailable) {
            kafkaAvailable = false;
            log.warn(
                    "Kafka does not take retry records ({}); spooling them to {} until it does",
                    error.toString(),
                    config.spoolDirectory());
        }
    }

    private ProducerRecord<byte[], byte[]> toProducerRecord(SpooledRecord record) {
        ProducerRecord<byte[], byte[]> producerRecord =
                new ProducerRecord<>(config.topic(), record.key(), record.value());
        record.headers().forEach((name, value) -> producerRecord.headers().add(new RecordHeader(name, value)));
        return producerRecord;
    }
}
