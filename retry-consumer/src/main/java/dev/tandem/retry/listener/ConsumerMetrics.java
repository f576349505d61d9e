package dev.tandem.retry.listener;

import dev.tandem.retry.RetryMetricNames;
import dev.tandem.retry.apply.BatchOutcome;
import dev.tandem.retry.apply.DeadLetter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/** Counts what the consumers do with records: applied, stale, duplicate, dead-lettered (by reason). */
final class ConsumerMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter applied;
    private final Counter stale;
    private final Counter duplicate;
    private final Counter deadLettered;
    private final Counter transientFailures;
    private final Timer batch;

    /** @param tags the retry consumer's {@code topic} and {@code group} ({@link RetryMetricNames#tags}) */
    ConsumerMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        this.applied = outcome("applied");
        this.stale = outcome("stale");
        this.duplicate = outcome("duplicate");
        this.deadLettered = outcome("dead_lettered");
        this.transientFailures = registry.counter(RetryMetricNames.TRANSIENT_FAILURES, tags);
        this.batch = Timer.builder(RetryMetricNames.BATCH)
                .description("Batch applies that went through, with dead-lettering and the offset commit")
                .tags(tags)
                .publishPercentileHistogram()
                .register(registry);
    }

    void batchDone(BatchOutcome outcome, long nanos) {
        applied.increment(outcome.applied());
        stale.increment(outcome.stale());
        duplicate.increment(outcome.duplicate());
        deadLettered.increment(outcome.deadLetters().size());
        for (DeadLetter deadLetter : outcome.deadLetters()) {
            registry.counter(
                            RetryMetricNames.DEAD_LETTERS,
                            tags.and("reason", deadLetter.reason().name()))
                    .increment();
        }
        batch.record(nanos, TimeUnit.NANOSECONDS);
    }

    void transientFailure() {
        transientFailures.increment();
    }

    private Counter outcome(String outcome) {
        return registry.counter(RetryMetricNames.RECORDS, tags.and("outcome", outcome));
    }
}
