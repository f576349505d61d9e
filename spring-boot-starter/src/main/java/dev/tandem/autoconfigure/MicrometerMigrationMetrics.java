package dev.tandem.autoconfigure;

import dev.tandem.core.control.PhaseState;
import dev.tandem.dualwrite.migration.MigrationMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A migration instance's metrics in Micrometer: pass it to {@code Migration.start}. */
public final class MicrometerMigrationMetrics implements MigrationMetrics {

    private final AtomicLong epoch = new AtomicLong();
    private final Counter match;
    private final Counter mismatch;
    private final Counter dropped;
    private final Counter fallbacks;
    private final Timer hold;

    public MicrometerMigrationMetrics(MeterRegistry registry) {
        registry.gauge(DualWriteMetricNames.MIGRATION_EPOCH, epoch);
        this.match = registry.counter(DualWriteMetricNames.MIGRATION_SHADOW_READS, "outcome", "match");
        this.mismatch = registry.counter(DualWriteMetricNames.MIGRATION_SHADOW_READS, "outcome", "mismatch");
        this.dropped = registry.counter(DualWriteMetricNames.MIGRATION_SHADOW_READS, "outcome", "dropped");
        this.fallbacks = registry.counter(DualWriteMetricNames.MIGRATION_READ_FALLBACKS);
        this.hold = registry.timer(DualWriteMetricNames.MIGRATION_WRITE_HOLD);
    }

    @Override
    public void phase(PhaseState state) {
        epoch.set(state.epoch());
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
