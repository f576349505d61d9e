package dev.tandem.bench.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.HandOffReason;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's own check: a run that did not do the work of its mode prints no figure. */
class ModeTest {

    @Test
    void aDirectModeWhoseAppliesFailedIsRefused() {
        // Every apply failed, the breaker opened, the writes went to the retry topic instead.
        String problem = Mode.ASYNC.problem(1000, 0, 0, 1000, Map.of(HandOffReason.SECONDARY_FAILED, 1000L));

        assertThat(problem).contains("1000 writes, but 0 new rows on the secondary");
        assertThat(Mode.INLINE.problem(1000, 0, 1000, 0, Map.of())).isNull();
        assertThat(Mode.CRASH_SAFE.problem(1000, 0, 999, 1, Map.of(HandOffReason.QUEUE_FULL, 1L)))
                .isNotNull();
    }

    @Test
    void aBreakerOpenModeMustHandOffEveryWriteAndTheOnesThatOpenedIt() {
        assertThat(Mode.BREAKER_OPEN.problem(
                        1000,
                        50,
                        0,
                        1050,
                        Map.of(HandOffReason.SECONDARY_FAILED, 10L, HandOffReason.CIRCUIT_OPEN, 1040L)))
                .isNull();
        assertThat(Mode.BREAKER_OPEN_NO_KAFKA.problem(1000, 50, 0, 1000, Map.of(HandOffReason.CIRCUIT_OPEN, 1000L)))
                .contains("1050 writes with the secondary down");
    }

    @Test
    void theModesWithoutADualWriteMayNeitherWriteTheSecondaryNorHandOff() {
        assertThat(Mode.PRIMARY_ONLY.problem(1000, 0, 0, 0, Map.of())).isNull();
        assertThat(Mode.OUTBOX_ONLY.problem(1000, 0, 3, 0, Map.of())).contains("no dual write expected");
    }
}
