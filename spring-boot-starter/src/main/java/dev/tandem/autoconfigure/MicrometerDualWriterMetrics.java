package dev.tandem.autoconfigure;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.HandOffReason;
import dev.tandem.dualwrite.DualWriterMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Records the dual writer's applies (a percentile histogram per outcome) and hand-offs in Micrometer,
 * and binds resilience4j's Micrometer binder to its circuit breaker.
 */
final class MicrometerDualWriterMetrics implements DualWriterMetrics {

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final Map<ApplyOutcome, Timer> applies = new EnumMap<>(ApplyOutcome.class);
    private final Timer failed;
    private final Map<HandOffReason, Counter> handOffs = new EnumMap<>(HandOffReason.class);

    MicrometerDualWriterMetrics(MeterRegistry registry) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        for (ApplyOutcome outcome : ApplyOutcome.values()) {
            applies.put(outcome, timer(registry, outcome.name()));
        }
        failed = timer(registry, "FAILED");
        for (HandOffReason reason : HandOffReason.values()) {
            handOffs.put(
                    reason,
                    Counter.builder(DualWriteMetricNames.HANDOFF)
                            .description("Mutations handed to the retry topic instead of applied directly")
                            .tag("reason", reason.name())
                            .register(registry));
        }
    }

    @Override
    public void applied(ApplyOutcome outcome, long nanos) {
        applies.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void applyFailed(long nanos) {
        failed.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handedOff(HandOffReason reason) {
        handOffs.get(reason).increment();
    }

    @Override
    public CircuitBreakerRegistry circuitBreakerRegistry() {
        return breakers;
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder(DualWriteMetricNames.APPLY)
                .description("Direct applies of mutations to the secondary")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }
}
