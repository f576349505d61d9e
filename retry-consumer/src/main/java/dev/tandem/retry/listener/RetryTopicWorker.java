package dev.tandem.retry.listener;

import dev.tandem.retry.apply.BatchApplier;
import dev.tandem.retry.apply.BatchOutcome;
import dev.tandem.retry.apply.DecodedRecord;
import dev.tandem.retry.apply.RetryRecord;
import dev.tandem.retry.apply.TransientApplyException;
import dev.tandem.retry.dlt.DeadLetterPublishException;
import dev.tandem.retry.dlt.DeadLetterPublisher;
import dev.tandem.retry.lag.ConsumerActivity;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the retry topic, on its own thread. It applies what a poll returns as one batch,
 * publishes the poison records to the DLT and only then commits the batch's offsets. Batches are
 * applied on an {@link ApplyThread}, one at a time and in order, while this thread polls and decodes
 * the next one. When the secondary cannot take a batch the worker keeps the very same records, pauses
 * its partitions (still polling, so it stays in the group) for a growing pause, and tries them again;
 * it never skips.
 */
final class RetryTopicWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(RetryTopicWorker.class);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final BatchApplier applier;
    private final DeadLetterPublisher deadLetters;
    private final Backoff backoff;
    private final ConsumerActivity activity;
    private final ConsumerMetrics metrics;
    private final Duration pollTimeout;
    private final Clock clock;
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    /** Records polled and decoded, not yet handed to the apply thread. */
    private final List<DecodedRecord> pending = new ArrayList<>();
    /** Offsets applied and committed asynchronously, per partition; committed synchronously on revocation and close. */
    private final Map<TopicPartition, OffsetAndMetadata> applied = new HashMap<>();

    private volatile boolean running = true;
    private ApplyThread applying;
    /** Whether the batch last applied failed, so the next attempt must wait out a back-off first. */
    private boolean backingOff;

    RetryTopicWorker(
            Consumer<byte[], byte[]> consumer,
            String topic,
            BatchApplier applier,
            DeadLetterPublisher deadLetters,
            Backoff backoff,
            ConsumerActivity activity,
            ConsumerMetrics metrics,
            Duration pollTimeout,
            Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.applier = applier;
        this.deadLetters = deadLetters;
        this.backoff = backoff;
        this.activity = activity;
        this.metrics = metrics;
        this.pollTimeout = pollTimeout;
        this.clock = clock;
    }

    /** Asks the worker to stop once the batch in flight is done; a batch waiting out a back-off is left uncommitted. */
    void stop() {
        running = false;
    }

    @Override
    public void run() {
        applying = new ApplyThread(applier, Thread.currentThread().getName() + "-apply");
        consumer.subscribe(List.of(topic), new Rebalance());
        try {
            while (running) {
                if (pending.isEmpty()) {
                    if (!applying.busy()) {
                        consumer.resume(consumer.paused());
                    }
                    // While a batch is being applied, take only what the consumer already holds.
                    poll(applying.busy() ? Duration.ZERO : pollTimeout);
                }
                if (applying.busy() && !finishApplying()) {
                    backingOff = true;
                }
                if (backingOff) {
                    backingOff = false;
                    waitPaused(backoff.next());
                    continue;
                }
                if (!pending.isEmpty()) {
                    applying.submit(pending);
                    pending.clear();
                }
            }
        } catch (RuntimeException e) {
            log.error(
                    "Consumer of '{}' stopped by an unexpected error; its partitions go to the other consumers",
                    topic,
                    e);
        } finally {
            finishQuietly();
            applying.close();
            commitApplied(List.copyOf(applied.keySet()));
            activity.revoked(partitionsOf(List.copyOf(consumer.assignment())));
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** On the way out: the batch in flight is applied, and committed if it went through. */
    private void finishQuietly() {
        try {
            if (applying.busy()) {
                finishApplying();
            }
        } catch (RuntimeException e) {
            log.warn("The last batch of '{}' failed; its records are consumed again: {}", topic, e.toString());
        }
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            pending.add(BatchApplier.decode(toRetryRecord(record)));
        }
    }

    /**
     * Waits for the batch being applied; publishes its dead letters and commits its offsets. Returns
     * false if the secondary could not take it: its records then go back before the pending ones, to
     * be applied again after a back-off.
     */
    private boolean finishApplying() {
        List<DecodedRecord> batch = applying.batch();
        try {
            BatchOutcome outcome = applying.await();
            deadLetters.publish(outcome.deadLetters());
            commit(batch);
            metrics.batchDone(outcome, System.nanoTime() - applying.started());
            if (backoff.failures() > 0) {
                log.info(
                        "The secondary takes records again after {} failed attempts; consuming '{}' normally",
                        backoff.failures(),
                        topic);
                backoff.reset();
            }
            activity.recovered(partitionsOfRecords(batch));
            return true;
        } catch (TransientApplyException | DeadLetterPublishException e) {
            metrics.transientFailure();
            pending.addAll(0, batch);
            if (backoff.failures() == 0) {
                log.warn(
                        "Retrying the same {} records of partitions {} with back-off until they go through: {}",
                        pending.size(),
                        partitionsOfRecords(pending),
                        e.getMessage());
            } else {
                log.debug("Attempt {} failed: {}", backoff.failures() + 1, e.getMessage());
            }
            activity.failing(partitionsOfRecords(pending), e.getMessage(), clock.instant());
            return false;
        }
    }

    /**
     * Commits the batch's offsets without waiting: the outcome is already durable, so a commit lost
     * to a crash or a rebalance only means the records are applied again, which the fence turns into
     * duplicates. Revocation and shutdown commit synchronously what was applied.
     */
    private void commit(List<DecodedRecord> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (DecodedRecord decoded : batch) {
            RetryRecord record = decoded.record();
            offsets.merge(
                    new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        applied.putAll(offsets);
        consumer.commitAsync(offsets, (committed, failure) -> {
            if (failure != null) {
                log.debug(
                        "Asynchronous commit of {} failed; a later commit covers it: {}",
                        committed,
                        failure.toString());
            }
        });
    }

    /** Commits, and waits for, the offsets applied in {@code partitions}; a failure only means re-applying. */
    private void commitApplied(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach(p -> {
            OffsetAndMetadata offset = applied.remove(p);
            if (offset != null) {
                offsets.put(p, offset);
            }
        });
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, COMMIT_TIMEOUT);
        } catch (RuntimeException e) {
            // Applied but not committed: whoever owns the partitions next applies the records again,
            // which the fence turns into duplicates.
            log.warn("Offsets {} not committed ({}); the records are re-applied harmlessly", offsets, e.toString());
        }
    }

    /** Waits out {@code pause} with the partitions paused, polling so that the group keeps this member. */
    private void waitPaused(Duration pause) {
        long deadline = System.nanoTime() + pause.toNanos();
        while (running && !pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            consumer.pause(consumer.assignment());
            // Paused partitions return nothing; partitions newly assigned by a rebalance inside this
            // poll may, and join the batch.
            poll(Duration.ofNanos(Math.min(left, pollTimeout.toNanos())));
        }
    }

    private static Set<Integer> partitionsOfRecords(List<DecodedRecord> records) {
        Set<Integer> partitions = new TreeSet<>();
        records.forEach(r -> partitions.add(r.record().partition()));
        return partitions;
    }

    private static Set<Integer> partitionsOf(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new TreeSet<>();
        partitions.forEach(p -> numbers.add(p.partition()));
        return numbers;
    }

    private static RetryRecord toRetryRecord(ConsumerRecord<byte[], byte[]> record) {
        return new RetryRecord(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                record.value() == null ? new byte[0] : record.value(),
                record.headers());
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Set<Integer> revoked = partitionsOf(partitions);
            if (applying.busy() && !finishApplying()) {
                backingOff = true;
            }
            commitApplied(partitions);
            // Their records not yet applied are consumed again by the new owner.
            pending.removeIf(r -> revoked.contains(r.record().partition()));
            activity.revoked(revoked);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            activity.assigned(partitionsOf(partitions), clock.instant());
        }
    }
}
