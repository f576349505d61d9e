package dev.tandem.dualwrite.kafka;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the retry topic's producer for the hand-off and the outbox relay. A producer that failed with
 * an {@link UnrecoverableProducerError} is marked broken (without blocking: the mark may come from
 * its I/O thread); {@link #renewIfDue} then closes it without waiting for the network, which fails
 * what it still buffers, and creates a new one. Back-off: a renewal is due at once after the first
 * failure, then no sooner than {@code firstBackoff}, doubling up to {@link #MAX_BACKOFF}, until a
 * record is acknowledged again. The caller re-sends whatever was not acknowledged (the hand-off
 * spools every failed record and replays the spool; the relay keeps its outbox rows).
 */
final class RetryProducer implements AutoCloseable {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(RetryProducer.class);

    private final Supplier<Producer<byte[], byte[]>> factory;
    private final long firstBackoffNanos;
    private final Map<UnrecoverableProducerError, AtomicLong> renewals =
            new EnumMap<>(UnrecoverableProducerError.class);
    private final AtomicReference<Broken> broken = new AtomicReference<>();
    private volatile Producer<byte[], byte[]> current;
    private volatile boolean acknowledgedSinceRenewal = true;
    private volatile boolean closed;
    private long backoffNanos;
    private long nextRenewalNanos = System.nanoTime();

    private record Broken(Producer<byte[], byte[]> producer, UnrecoverableProducerError cause, Throwable error) {}

    RetryProducer(Supplier<Producer<byte[], byte[]>> factory, Duration firstBackoff) {
        this.factory = factory;
        this.firstBackoffNanos = firstBackoff.toNanos();
        this.backoffNanos = firstBackoffNanos;
        for (UnrecoverableProducerError cause : UnrecoverableProducerError.values()) {
            renewals.put(cause, new AtomicLong());
        }
        this.current = factory.get();
    }

    /** Sends {@code record}; {@code callback} sees every outcome. Throws what the producer throws. */
    void send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        Producer<byte[], byte[]> producer = current;
        Callback watching = (metadata, error) -> {
            if (error == null) {
                acknowledgedSinceRenewal = true;
            } else {
                failed(producer, error);
            }
            callback.onCompletion(metadata, error);
        };
        try {
            producer.send(record, watching);
        } catch (RuntimeException e) {
            failed(producer, e);
            throw e;
        }
    }

    /** Sends {@code record} and waits up to {@code timeout} for its acknowledgement. */
    RecordMetadata sendAndWait(ProducerRecord<byte[], byte[]> record, Duration timeout) throws Exception {
        CompletableFuture<RecordMetadata> acknowledged = new CompletableFuture<>();
        send(record, (metadata, error) -> {
            if (error == null) {
                acknowledged.complete(metadata);
            } else {
                acknowledged.completeExceptionally(error);
            }
        });
        return acknowledged.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<PartitionInfo> partitionsFor(String topic) {
        Producer<byte[], byte[]> producer = current;
        try {
            return producer.partitionsFor(topic);
        } catch (RuntimeException e) {
            failed(producer, e);
            throw e;
        }
    }

    void flush() {
        current.flush();
    }

    /** Whether the current producer is not known to be broken. */
    boolean isUsable() {
        return broken.get() == null;
    }

    /**
     * If the producer is broken and the back-off has passed, closes it and creates its replacement;
     * true if it did. Call from one thread that no producer callback blocks (the spool replayer).
     */
    boolean renewIfDue() {
        Broken failure = broken.get();
        if (failure == null || closed) {
            return false;
        }
        long now = System.nanoTime();
        if (now - nextRenewalNanos < 0) {
            return false;
        }
        backoffNanos = acknowledgedSinceRenewal ? firstBackoffNanos : Math.min(backoffNanos * 2, MAX_BACKOFF.toNanos());
        nextRenewalNanos = now + backoffNanos;
        long count = renewals.get(failure.cause()).incrementAndGet();
        log.warn(
                "The retry producer failed with {} ({}), which it cannot recover from: closing it and creating a new"
                        + " one ({} so far for this cause, next no sooner than in {} ms); records it did not"
                        + " acknowledge are sent again",
                failure.cause(),
                failure.error().toString(),
                count,
                TimeUnit.NANOSECONDS.toMillis(backoffNanos));
        closeQuietly(failure.producer(), Duration.ZERO);
        acknowledgedSinceRenewal = false;
        current = factory.get();
        broken.compareAndSet(failure, null);
        return true;
    }

    /** How often the producer was replaced after {@code cause}. */
    long renewals(UnrecoverableProducerError cause) {
        return renewals.get(cause).get();
    }

    void close(Duration timeout) {
        closed = true;
        closeQuietly(current, timeout);
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    private void failed(Producer<byte[], byte[]> producer, Throwable error) {
        UnrecoverableProducerError.of(error).ifPresent(cause -> {
            // Only the current producer can break; errors of one already replaced are its last callbacks.
            if (producer == current && broken.compareAndSet(null, new Broken(producer, cause, error))) {
                log.debug("The retry producer is broken: {}", error.toString());
            }
        });
    }

    private static void closeQuietly(Producer<byte[], byte[]> producer, Duration timeout) {
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            log.warn("Closing the retry producer failed: {}", e.toString());
        }
    }
}
