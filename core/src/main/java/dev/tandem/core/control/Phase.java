package dev.tandem.core.control;

/**
 * Where a migration stands. Writes go to the {@link PhaseState#primary() primary} first and, from
 * {@link #DUAL_WRITE} to {@link #REVERSED}, to the other store through the version fence.
 */
public enum Phase {
    /** Only the primary is written and read. */
    PRIMARY_ONLY,
    /** Writes go to both stores; reads to the primary. */
    DUAL_WRITE,
    /** Like {@link #DUAL_WRITE}; a share of reads is also run on the secondary, off the request path, and compared. */
    SHADOW_READ,
    /** Like {@link #DUAL_WRITE}; a share of reads is served by the secondary, falling back to the primary. */
    READ_SECONDARY,
    /** Roles are being swapped: writes are held, in-flight writes and queues drained, written keys verified. */
    CUTOVER,
    /** The target is the primary, the origin the fenced secondary: rolling back is another gated swap. */
    REVERSED,
    /** The origin is retired: only the target is written and read. */
    DONE;

    /** Whether the phase carries a percentage of reads. */
    public boolean hasPercent() {
        return this == SHADOW_READ || this == READ_SECONDARY;
    }

    /** Whether writes are dual-written to the secondary in this phase. */
    public boolean dualWrites() {
        return this != PRIMARY_ONLY && this != DONE;
    }
}
