package dev.tandem.dualwrite;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.HandOffReason;

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
}
