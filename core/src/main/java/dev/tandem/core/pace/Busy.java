package dev.tandem.core.pace;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the primary counts as busy for bulk work, and how long the work pauses then: the
 * {@code busy.*} settings of the backfill and of the reconciler.
 *
 * @param maxActiveQueries the primary counts as busy above this many running queries (MySQL
 *     {@code Threads_running}, PostgreSQL active backends); 0 never pauses
 * @param pause how long workers pause while it is busy before looking again
 */
public record Busy(@DefaultValue("64") @Min(0) int maxActiveQueries, @DefaultValue("2s") Duration pause) {}
