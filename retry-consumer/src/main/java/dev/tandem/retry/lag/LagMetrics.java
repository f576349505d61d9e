package dev.tandem.retry.lag;

import dev.tandem.retry.RetryMetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.function.Supplier;

/** Publishes each lag report as gauges: per partition lag in records and seconds, overall rate, ETA and status. */
final class LagMetrics {

    private final MultiGauge lagRecords;
    private final MultiGauge lagSeconds;

    LagMetrics(MeterRegistry registry, Supplier<LagReport> report) {
        this.lagRecords = MultiGauge.builder(RetryMetricNames.LAG_RECORDS)
                .description("Records on the retry topic not yet applied")
                .register(registry);
        this.lagSeconds = MultiGauge.builder(RetryMetricNames.LAG_SECONDS)
                .description("Age of the oldest unapplied write, from its commit in the primary")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(RetryMetricNames.APPLY_RATE, () -> report.get().applyRate())
                .description("Records consumed per second over the lag window")
                .register(registry);
        Gauge.builder(RetryMetricNames.DRAIN_ETA, () -> {
                    Double eta = report.get().etaSeconds();
                    return eta == null ? Double.NaN : eta;
                })
                .description("Estimated seconds until the retry topic is drained; NaN when it is not draining")
                .baseUnit("seconds")
                .register(registry);
        for (LagStatus status : LagStatus.values()) {
            Gauge.builder(RetryMetricNames.STATUS, () -> report.get().status() == status ? 1 : 0)
                    .tag("status", status.name())
                    .description("1 for the current status of the retry consumer group")
                    .register(registry);
        }
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
