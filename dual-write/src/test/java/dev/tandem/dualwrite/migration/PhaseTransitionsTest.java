package dev.tandem.dualwrite.migration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PhaseTransitionsTest {

    private static PhaseState at(Phase phase, int percent, Store primary) {
        return PhaseState.initial("orders", Phase.DUAL_WRITE, 0)
                .next(phase, percent, primary, "test", Instant.now(), "");
    }

    @Test
    void readsMoveForwardOneStepAndBackAnyNumber() {
        assertThatCode(() -> PhaseTransitions.checkChange(at(Phase.DUAL_WRITE, 0, Store.ORIGIN), Phase.SHADOW_READ, 5))
                .doesNotThrowAnyException();
        assertThatCode(() ->
                        PhaseTransitions.checkChange(at(Phase.SHADOW_READ, 5, Store.ORIGIN), Phase.SHADOW_READ, 50))
                .doesNotThrowAnyException();
        assertThatCode(() ->
                        PhaseTransitions.checkChange(at(Phase.READ_SECONDARY, 100, Store.ORIGIN), Phase.DUAL_WRITE, 0))
                .doesNotThrowAnyException();
        assertThatThrownBy(() ->
                        PhaseTransitions.checkChange(at(Phase.DUAL_WRITE, 0, Store.ORIGIN), Phase.READ_SECONDARY, 100))
                .isInstanceOf(PhaseChangeRefusedException.class)
                .hasMessage("Migration 'orders': DUAL_WRITE primary=ORIGIN epoch=1 -> READ_SECONDARY(100) refused:"
                        + " reads move forward one phase at a time (DUAL_WRITE, SHADOW_READ, READ_SECONDARY)");
    }

    @Test
    void rolesChangeOnlyThroughTheGatedCutover() {
        assertThatThrownBy(() ->
                        PhaseTransitions.checkChange(at(Phase.READ_SECONDARY, 100, Store.ORIGIN), Phase.REVERSED, 0))
                .hasMessageContaining("REVERSED is reached only through the cutover command");
        assertThatThrownBy(() -> PhaseTransitions.checkChange(at(Phase.REVERSED, 0, Store.TARGET), Phase.DUAL_WRITE, 0))
                .hasMessageContaining("the rollback command");
        assertThatThrownBy(() -> PhaseTransitions.checkSwap(at(Phase.SHADOW_READ, 100, Store.ORIGIN), false))
                .hasMessageContaining("cutover starts from READ_SECONDARY(100)");
        assertThatThrownBy(() -> PhaseTransitions.checkSwap(at(Phase.DUAL_WRITE, 0, Store.ORIGIN), true))
                .hasMessageContaining("rollback starts from REVERSED");
        assertThatCode(() -> PhaseTransitions.checkSwap(at(Phase.READ_SECONDARY, 100, Store.ORIGIN), false))
                .doesNotThrowAnyException();
    }

    @Test
    void doneIsFinalAndFollowsReversedOnly() {
        assertThatCode(() -> PhaseTransitions.checkChange(at(Phase.REVERSED, 0, Store.TARGET), Phase.DONE, 0))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> PhaseTransitions.checkChange(at(Phase.DUAL_WRITE, 0, Store.ORIGIN), Phase.DONE, 0))
                .hasMessageContaining("DONE follows REVERSED only");
        assertThatThrownBy(() -> PhaseTransitions.checkChange(at(Phase.DONE, 0, Store.TARGET), Phase.REVERSED, 0))
                .isInstanceOf(PhaseChangeRefusedException.class);
        assertThatThrownBy(() -> PhaseTransitions.checkChange(at(Phase.DONE, 0, Store.TARGET), Phase.DUAL_WRITE, 0))
                .hasMessageContaining("DONE is final");
    }

    @Test
    void aCutoverInProgressIsNotChangedByHand() {
        assertThatThrownBy(() -> PhaseTransitions.checkChange(at(Phase.CUTOVER, 0, Store.ORIGIN), Phase.DUAL_WRITE, 0))
                .hasMessageContaining("a cutover is in progress");
    }
}
