package dev.tandem.dualwrite;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.HandOffReason;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * What the dual writer reports; every method defaults to doing nothing, so an implementation
 * overrides only what it records. The Spring Boot integration records them with Micrometer.
 */
public interface DualWriterMetrics {

    /** Records nothing. */
    DualWriterMetrics NOOP = new DualWriterMetrics() {};

    /** A direct apply to the secondary finished with {@code outcome} after {@code nanos}. */
    default void applied(ApplyOutcome outcome, long nanos) {}

    /** A direct apply to the secondary failed after {@code nanos}. */
    default void applyFailed(long nanos) {}

    /** A mutation was handed to the retry topic. */
    default void handedOff(HandOffReason reason) {}

    /**
     * The registry the writer creates its circuit breaker around the secondary in (named {@code
     * tandem-secondary}, replacing one of that name), so that a binder watching it exports the
     * breaker: the Spring Boot integration binds resilience4j's Micrometer binder. By default a new
     * registry nobody watches.
     */
    default CircuitBreakerRegistry circuitBreakerRegistry() {
        return CircuitBreakerRegistry.ofDefaults();
    }
}
