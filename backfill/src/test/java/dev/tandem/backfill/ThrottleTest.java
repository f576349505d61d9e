package dev.tandem.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    @Test
    void workersPauseWhileThePrimaryRunsMoreQueriesThanTheBound() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        // Busy (10 running queries) for the first three looks, then calm (1).
        BusyProbe primary = () -> probes.incrementAndGet() <= 3 ? 10 : 1;
        Throttle throttle = new Throttle(primary, 4, Duration.ofMillis(300));

        throttle.awaitCalm(() -> false);

        assertThat(throttle.pauses()).isEqualTo(3);
        assertThat(probes.get()).isEqualTo(4);
    }

    @Test
    void aBoundOfZeroNeverAsks() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        Throttle throttle = new Throttle(() -> probes.incrementAndGet() * 100, 0, Duration.ofMillis(300));

        throttle.awaitCalm(() -> false);

        assertThat(probes.get()).isZero();
        assertThat(throttle.pauses()).isZero();
    }

    @Test
    void aStoppedRunDoesNotWaitForCalm() throws Exception {
        Throttle throttle = new Throttle(() -> 100, 4, Duration.ofMillis(300));

        throttle.awaitCalm(() -> true);

        assertThat(throttle.pauses()).isZero();
    }
}
