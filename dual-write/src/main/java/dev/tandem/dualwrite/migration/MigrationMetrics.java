package dev.tandem.dualwrite.migration;

import dev.tandem.core.control.PhaseState;

/**
 * What a migration instance reports; every method defaults to doing nothing. The Spring Boot
 * integration records them with Micrometer.
 */
public interface MigrationMetrics {

    /** Records nothing. */
    MigrationMetrics NOOP = new MigrationMetrics() {};

    /** The instance now follows {@code state}. */
    default void phase(PhaseState state) {}

    /** A shadow read was compared; {@code mismatch} if the stores still differed after a re-check. */
    default void shadowCompared(boolean mismatch) {}

    /** A shadow read was not compared: the comparison queue was full. */
    default void shadowDropped() {}

    /** A read meant for the secondary failed there and was served by the primary. */
    default void readFallback() {}

    /** Writes were held for a cutover for {@code millis}. */
    default void writeHold(long millis) {}
}
