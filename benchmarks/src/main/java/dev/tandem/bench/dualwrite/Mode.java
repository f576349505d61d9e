package dev.tandem.bench.dualwrite;

import dev.tandem.core.HandOffReason;
import java.util.Map;

/** The ways of writing the benchmark measures, and the work each must have done. */
enum Mode {
    PRIMARY_ONLY("primary only"),
    ASYNC("dual write, async"),
    /** Diagnostic: async with {@code asyncLinger} 0, each worker applying what is queued at once. */
    ASYNC_NO_LINGER("dual write, async, linger 0"),
    INLINE("dual write, inline"),
    BREAKER_OPEN("dual write, breaker open"),
    /** Diagnostic: the same, but the hand-off discards, so no Kafka work shares this machine's cores. */
    BREAKER_OPEN_NO_KAFKA("breaker open, no-op hand-off"),
    CRASH_SAFE("dual write, async, crash-safe"),
    /** Diagnostic: the outbox's own cost, with the row deleted at once and no dual write at all. */
    OUTBOX_ONLY("outbox insert + delete only");

    final String label;

    Mode(String label) {
        this.label = label;
    }

    /** Whether every write of this mode must reach the secondary directly. */
    boolean appliesDirectly() {
        return this == ASYNC || this == ASYNC_NO_LINGER || this == INLINE || this == CRASH_SAFE;
    }

    /** Whether the secondary runs while this mode is measured. */
    boolean secondaryReachable() {
        return this != BREAKER_OPEN && this != BREAKER_OPEN_NO_KAFKA;
    }

    /**
     * What is wrong with a measurement of this mode, or null if it did its work: every write of a
     * direct mode is on the secondary and none was handed off (a failing apply would open the breaker
     * and measure hand-offs instead); every write of a breaker-open mode, and each of the {@code
     * opening} writes that opened the breaker, was handed off; the other modes wrote nothing to the
     * secondary and handed nothing off.
     */
    String problem(long writes, long opening, long applied, long handedOff, Map<HandOffReason, Long> handOffs) {
        if (appliesDirectly()) {
            return applied == writes && handedOff == 0
                    ? null
                    : writes + " writes, but " + applied + " new rows on the secondary and hand-offs " + handOffs;
        }
        if (!secondaryReachable()) {
            return handedOff == writes + opening
                    ? null
                    : (writes + opening) + " writes with the secondary down, but hand-offs " + handOffs;
        }
        return applied == 0 && handedOff == 0
                ? null
                : "no dual write expected, but " + applied + " new rows on the secondary and hand-offs " + handOffs;
    }
}
