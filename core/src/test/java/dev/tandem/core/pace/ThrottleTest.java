package dev.tandem.core.pace;

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
        Throttle throttle = new Throttle("test", primary, 4, Duration.ofMillis(300), 0);

        throttle.awaitCalm(() -> false);

        assertThat(throttle.pauses()).isEqualTo(3);
        assertThat(probes.get()).isEqualTo(4);
    }

    @Test
    void aBoundOfZeroNeverAsks() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        Throttle throttle = new Throttle("test", () -> probes.incrementAndGet() * 100, 0, Duration.ofMillis(300), 0);

        throttle.awaitCalm(() -> false);

        assertThat(probes.get()).isZero();
        assertThat(throttle.pauses()).isZero();
    }

    @Test
    void aStoppedRunDoesNotWaitForCalm() throws Exception {
        Throttle throttle = new Throttle("test", () -> 100, 4, Duration.ofMillis(300), 0);

        throttle.awaitCalm(() -> true);

        assertThat(throttle.pauses()).isZero();
    }

    @Test
    void theRateLimitSpacesBatchesSoThatRowsPerSecondStayWithinIt() throws Exception {
        Throttle throttle = new Throttle("test", () -> 0, 0, Duration.ofMillis(300), 10_000);

        long started = System.nanoTime();
        for (int batch = 0; batch < 5; batch++) {
            throttle.awaitRate(1_000, () -> false); // 5,000 rows at 10,000 rows/s: the fifth waits 400 ms
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(millis).isBetween(380L, 2_000L);
    }

    @Test
    void aShareOfTheLimitSlowsThisProcessToItsPart() throws Exception {
        Throttle throttle = new Throttle("test", () -> 0, 0, Duration.ofMillis(300), 10_000);
        throttle.share(0.25); // one of four workers: 2,500 rows/s

        long started = System.nanoTime();
        for (int batch = 0; batch < 3; batch++) {
            throttle.awaitRate(500, () -> false); // the third waits 400 ms
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(throttle.rowsPerSecond()).isEqualTo(2_500.0);
        assertThat(millis).isBetween(380L, 2_000L);
    }

    @Test
    void withoutALimitNothingWaits() throws Exception {
        Throttle throttle = new Throttle("test", () -> 0, 0, Duration.ofMillis(300), 0);

        long started = System.nanoTime();
        for (int batch = 0; batch < 100; batch++) {
            throttle.awaitRate(1_000_000, () -> false);
        }

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(200);
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        Throttle throttle = new Throttle("test", () -> 0, 0, Duration.ofMillis(300), 10_000);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> throttle.share(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1]");
    }
}
