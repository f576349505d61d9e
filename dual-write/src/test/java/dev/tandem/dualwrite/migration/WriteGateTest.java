package dev.tandem.dualwrite.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriteGateTest {

    private final PhaseState before = PhaseState.initial("orders", Phase.DUAL_WRITE, 0);
    private final PhaseState after = before.next(Phase.REVERSED, 0, Store.TARGET, "test", Instant.now(), "");

    @Test
    void heldWritesWaitAndAreRoutedByTheStateTheGateOpensOn() throws Exception {
        WriteGate gate = new WriteGate(before, Duration.ofSeconds(10));
        gate.enter();
        gate.hold(1);
        CompletableFuture<PhaseState> waiting = CompletableFuture.supplyAsync(gate::enter);

        assertThat(gate.awaitIdle(Duration.ofMillis(100))).isFalse();
        gate.exit();
        assertThat(gate.awaitIdle(Duration.ofMillis(100))).isTrue();
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        gate.open(after);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(after);
        assertThat(gate.lastHoldMillis()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void aHoldNeverOutlastsItsBound() throws Exception {
        WriteGate gate = new WriteGate(before, Duration.ofMillis(200));
        gate.hold(1);
        long started = System.nanoTime();

        PhaseState routed = gate.enter();

        assertThat(routed).isEqualTo(before);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(150L, 2_000L);
        assertThat(gate.expired()).isTrue();
        assertThat(gate.isHeld()).isFalse();
    }
}
