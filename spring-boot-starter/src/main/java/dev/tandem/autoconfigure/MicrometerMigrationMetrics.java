package dev.tandem.autoconfigure;

import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.dualwrite.migration.MigrationMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A migration instance's metrics in Micrometer: pass it to {@code Migration.start}. The phase it
 * follows is a gauge per {@code phase} (1 for the current one) beside its epoch.
 */
public final class MicrometerMigrationMetrics implements MigrationMetrics {

    private final AtomicLong epoch = new AtomicLong();
    private final AtomicReference<Phase> phase = new AtomicReference<>();
    private final Counter match;
    private final Counter mismatch;
    private final Counter dropped;
    private final Counter fallbacks;
    private final Timer hold;

    public MicrometerMigrationMetrics(MeterRegistry registry) {
        registry.gauge(DualWriteMetricNames.MIGRATION_EPOCH, epoch);
        for (Phase each : Phase.values()) {
            Gauge.builder(DualWriteMetricNames.MIGRATION_PHASE, phase, current -> current.get() == each ? 1 : 0)
                    .description("1 for the migration phase this instance follows, 0 for the others")
                    .tag("phase", each.name())
                    .register(registry);
        }
        this.match = registry.counter(DualWriteMetricNames.MIGRATION_SHADOW_READS, "outcome", "match");
        this.mismatch = registry.counter(DualWriteMetricNames.MIGRATION_SHADOW_READS, "outcome", "mismatch");
        this.dropped = registry.counter(DualWriteMetricNames.MIGRATION_SHADOW_READS, "outcome", "dropped");
        this.fallbacks = registry.counter(DualWriteMetricNames.MIGRATION_READ_FALLBACKS);
        this.hold = Timer.builder(DualWriteMetricNames.MIGRATION_WRITE_HOLD)
                .description("How long cutovers held writes")
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void phase(PhaseState state) {
        epoch.set(state.epoch());
        phase.set(state.phase());
    }

    @Override
    public void shadowCompared(boolean mismatched) {
        (mismatched ? mismatch : match).increment();
    }

    @Override
    public void shadowDropped() {
        dropped.increment();
    }

    @Override
    public void readFallback() {
        fallbacks.increment();
    }

    @Override
    public void writeHold(long millis) {
        hold.record(Duration.ofMillis(millis));
    }
}
