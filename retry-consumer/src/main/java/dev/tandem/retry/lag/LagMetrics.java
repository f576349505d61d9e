package dev.tandem.retry.lag;

import dev.tandem.retry.RetryMetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Publishes each lag report as gauges: per partition lag in records and seconds, overall rate, ETA and
 * status; and the records kept in the dead-letter topic. Every gauge is tagged with the topic and group.
 */
final class LagMetrics {

    private final Tags tags;
    private final MultiGauge lagRecords;
    private final MultiGauge lagSeconds;
    private final AtomicReference<Double> deadLetterRecords = new AtomicReference<>(Double.NaN);

    LagMetrics(MeterRegistry registry, Supplier<LagReport> report, String topic, String group, String deadLetterTopic) {
        this.tags = RetryMetricNames.tags(topic, group);
        this.lagRecords = MultiGauge.builder(RetryMetricNames.LAG_RECORDS)
                .description("Records on the retry topic not yet applied")
                .tags(tags)
                .register(registry);
        this.lagSeconds = MultiGauge.builder(RetryMetricNames.LAG_SECONDS)
                .description("Age of the oldest unapplied write, from its commit in the primary")
                .tags(tags)
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(RetryMetricNames.APPLY_RATE, () -> report.get().applyRate())
                .description("Records consumed per second over the lag window")
                .tags(tags)
                .register(registry);
        Gauge.builder(RetryMetricNames.DLT_RECORDS, deadLetterRecords, AtomicReference::get)
                .description("Records kept in the dead-letter topic until replayed and purged")
                .tags(RetryMetricNames.tags(deadLetterTopic, group))
                .register(registry);
        Gauge.builder(RetryMetricNames.DRAIN_ETA, () -> {
                    Double eta = report.get().etaSeconds();
                    return eta == null ? Double.NaN : eta;
                })
                .description("Estimated seconds until the retry topic is drained; NaN when it is not draining")
                .tags(tags)
                .baseUnit("seconds")
                .register(registry);
        for (LagStatus status : LagStatus.values()) {
            Gauge.builder(RetryMetricNames.STATUS, () -> report.get().status() == status ? 1 : 0)
                    .tags(tags)
                    .tag("status", status.name())
                    .description("1 for the current status of the retry consumer group")
                    .register(registry);
        }
    }

    void deadLetters(long records) {
        deadLetterRecords.set((double) records);
    }

    void publish(LagReport report) {
        lagRecords.register(
                report.partitions().stream()
                        .map(p -> MultiGauge.Row.of(
                                Tags.of("partition", Integer.toString(p.partition())), p.lagRecords()))
                        .toList(),
                true);
        lagSeconds.register(
                report.partitions().stream()
                        .map(p -> MultiGauge.Row.of(
                                Tags.of("partition", Integer.toString(p.partition())), p.lagSeconds()))
                        .toList(),
                true);
    }
}
