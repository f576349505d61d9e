package dev.tandem.retry.listener;

import dev.tandem.retry.apply.BatchApplier;
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
    /** The batch being applied and the next one, queued so that the apply thread never waits for this one. */
    private static final int BATCHES_IN_FLIGHT = 2;
    /** How long a poll waits for records while a batch is being applied. */
    private static final Duration IN_FLIGHT_POLL = Duration.ofMillis(10);

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
                    if (applying.inFlight() == 0) {
                        consumer.resume(consumer.paused());
                    }
                    // While a batch is being applied, fetch the next one rather than wait for it, so
                    // that the apply thread finds the next batch ready; but look back at it often.
                    poll(applying.inFlight() > 0 ? IN_FLIGHT_POLL : pollTimeout);
                }
                if (!backingOff && !pending.isEmpty() && applying.inFlight() < BATCHES_IN_FLIGHT) {
                    applying.submit(pending);
                    pending.clear();
                }
                if (mustFinishOldest() && !finishOldest()) {
                    backingOff = true;
                }
                if (backingOff && applying.inFlight() == 0) {
                    backingOff = false;
                    waitPaused(backoff.next());
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

    /**
     * Whether to finish (wait for, then commit) the oldest batch in flight now: when no more may be
     * handed over, when backing off, or when it is done anyway; otherwise fetching goes on.
     */
    private boolean mustFinishOldest() {
        if (applying.inFlight() == 0) {
            return false;
        }
        return applying.inFlight() == BATCHES_IN_FLIGHT
                || backingOff
                || applying.oldest().outcome().isDone();
    }

    /** On the way out: the batches in flight are applied, and committed up to the first that fails. */
    private void finishQuietly() {
        try {
            while (applying.inFlight() > 0) {
                finishOldest();
            }
        } catch (RuntimeException e) {
            log.warn("A last batch of '{}' failed; its records are consumed again: {}", topic, e.toString());
        }
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            pending.add(BatchApplier.decode(toRetryRecord(record)));
        }
    }

    /**
     * Waits for the oldest batch in flight; publishes its dead letters and commits its offsets.
     * Returns false if the secondary could not take it: its records, and those of the batches handed
     * over after it (applied or not, harmlessly, as the fence makes any order safe), then go back
     * before the pending ones, to be applied again after a back-off. Nothing after a failed batch is
     * committed before it.
     */
    private boolean finishOldest() {
        List<DecodedRecord> batch = applying.oldest().records();
        try {
            ApplyThread.Timed done = applying.awaitOldest();
            deadLetters.publish(done.outcome().deadLetters());
            commit(batch);
            metrics.batchDone(done.outcome(), done.nanos());
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
            List<DecodedRecord> again = new ArrayList<>(batch);
            while (applying.inFlight() > 0) {
                again.addAll(applying.oldest().records());
                awaitIgnoringOutcome();
            }
            pending.addAll(0, again);
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
        } catch (RuntimeException | Error e) {
            // Unexpected: the worker stops. Nothing handed over after this batch may be committed.
            while (applying.inFlight() > 0) {
                awaitIgnoringOutcome();
            }
            throw e;
        }
    }

    /** Waits for the oldest batch in flight, whose records are to be applied again whatever became of them. */
    private void awaitIgnoringOutcome() {
        try {
            applying.awaitOldest();
        } catch (RuntimeException e) {
            log.debug("A batch handed over after a failed one failed too: {}", e.toString());
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
            while (applying.inFlight() > 0) {
                if (!finishOldest()) {
                    backingOff = true;
                }
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
