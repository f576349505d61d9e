package dev.tandem.retry.dlt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts dead letters back on the retry topic, once their cause is fixed: key and payload unchanged,
 * the writer's headers kept, the DLT position recorded in {@value DeadLetterHeaders#REPLAYED_FROM}.
 * Every replayed record gets one audit line (logger {@value #AUDIT_LOGGER}); the fence makes a
 * replay of something already applied harmless.
 */
public final class DeadLetterReplayer {

    /** The logger of the audit lines, one per replayed (or, on a dry run, replayable) record. */
    public static final String AUDIT_LOGGER = "tandem.retry.dlt.audit";

    private static final Logger audit = LoggerFactory.getLogger(AUDIT_LOGGER);
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final DeadLetterTopic deadLetters;
    private final Producer<byte[], byte[]> producer;
    private final String retryTopic;

    public DeadLetterReplayer(DeadLetterTopic deadLetters, Producer<byte[], byte[]> producer, String retryTopic) {
        this.deadLetters = deadLetters;
        this.producer = producer;
        this.retryTopic = retryTopic;
    }

    /**
     * Replays the dead letters matching {@code filter}.
     *
     * @param dryRun only count and audit what would be replayed
     * @param ratePerSecond the most records published per second; 0 for no limit
     */
    public ReplayResult replay(DeadLetterFilter filter, boolean dryRun, double ratePerSecond) {
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException(
                    "rate must be 0 (no limit) or a positive number of records per second, was " + ratePerSecond);
        }
        long started = System.nanoTime();
        long[] counts = {0, 0};
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        deadLetters.forEach(filter, entry -> {
            counts[0]++;
            String from = entry.position(deadLetters.name());
            if (dryRun) {
                audit.info(
                        "dry-run replay {} reason={} table={} key={} -> {}",
                        from,
                        entry.reason(),
                        entry.table(),
                        entry.rowKey(),
                        retryTopic);
                return;
            }
            throttle(started, counts[1], ratePerSecond);
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(retryTopic, null, entry.key(), entry.value(), headers(entry, from));
            acks.add(producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    audit.info(
                            "replay {} reason={} table={} key={} -> {}-{}@{}",
                            from,
                            entry.reason(),
                            entry.table(),
                            entry.rowKey(),
                            retryTopic,
                            metadata.partition(),
                            metadata.offset());
                } else {
                    audit.warn(
                            "replay {} reason={} table={} key={} FAILED: {}",
                            from,
                            entry.reason(),
                            entry.table(),
                            entry.rowKey(),
                            failure.toString());
                }
            }));
            counts[1]++;
        });
        awaitAll(acks);
        return new ReplayResult(counts[0], counts[1], dryRun);
    }

    private static RecordHeaders headers(DeadLetterEntry entry, String from) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : entry.headers()) {
            if (!header.key().startsWith("tandem-dlt-") && !header.key().equals(DeadLetterHeaders.REPLAYED_FROM)) {
                headers.add(header);
            }
        }
        DeadLetterHeaders.put(headers, DeadLetterHeaders.REPLAYED_FROM, from);
        return headers;
    }

    /** Sleeps until record {@code sent} may go out at {@code ratePerSecond}. */
    private void throttle(long started, long sent, double ratePerSecond) {
        if (ratePerSecond == 0) {
            return;
        }
        long due = started + (long) (sent * 1_000_000_000L / ratePerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeadLetterTopicException(retryTopic, e);
            }
        }
    }

    private void awaitAll(List<Future<RecordMetadata>> acks) {
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterTopicException(retryTopic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeadLetterTopicException(retryTopic, e);
        }
    }
}
