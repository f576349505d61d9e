package dev.tandem.retry.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.retry.RetryConsumerProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final DoubleSupplier NO_JITTER_DRAWN = () -> 0.0;

    private static RetryConsumerProperties.Backoff settings(
            long initialMillis, long maxMillis, double multiplier, double jitter) {
        return new RetryConsumerProperties.Backoff(
                Duration.ofMillis(initialMillis), Duration.ofMillis(maxMillis), multiplier, jitter);
    }

    private static List<Long> pauses(Backoff backoff, int count) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            millis.add(backoff.next().toMillis());
        }
        return millis;
    }

    /** Returns the given values in turn, then fails: each pause must draw exactly once. */
    private static DoubleSupplier sequence(double... values) {
        AtomicInteger next = new AtomicInteger();
        return () -> values[next.getAndIncrement()];
    }

    @Test
    void pauseGrowsExponentiallyUpToTheCeiling() {
        Backoff backoff = new Backoff(settings(200, 30_000, 2.0, 0.5), NO_JITTER_DRAWN);

        assertThat(pauses(backoff, 10))
                .containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 12_800L, 25_600L, 30_000L, 30_000L);
    }

    @Test
    void nonIntegerMultiplierIsRoundedToTheNearestMillisecond() {
        Backoff backoff = new Backoff(settings(100, 10_000, 1.5, 0.0), NO_JITTER_DRAWN);

        // 100, 150, 225, 337.5, 506.25
        assertThat(pauses(backoff, 5)).containsExactly(100L, 150L, 225L, 338L, 506L);
    }

    @Test
    void multiplierOfOneKeepsThePauseConstant() {
        Backoff backoff = new Backoff(settings(250, 10_000, 1.0, 0.0), NO_JITTER_DRAWN);

        assertThat(pauses(backoff, 4)).containsExactly(250L, 250L, 250L, 250L);
    }

    @Test
    void jitterTakesARandomShareOffThePause() {
        // pause * (1 - jitter * random): 200 * (1 - 0.5 * 0.5), 400 * (1 - 0.5 * 1.0), 800 * (1 - 0.5 * 0.25)
        Backoff backoff = new Backoff(settings(200, 30_000, 2.0, 0.5), sequence(0.5, 1.0, 0.25));

        assertThat(pauses(backoff, 3)).containsExactly(150L, 200L, 700L);
    }

    @Test
    void jitterNeverTakesMoreThanItsShareOfTheCeiling() {
        Backoff backoff = new Backoff(settings(200, 1_000, 2.0, 0.3), () -> 1.0);

        // 200, 400, 800, then the ceiling of 1000, each less 30 %
        assertThat(pauses(backoff, 5)).containsExactly(140L, 280L, 560L, 700L, 700L);
    }

    @Test
    void zeroJitterIgnoresTheRandomDraw() {
        Backoff backoff = new Backoff(settings(200, 30_000, 2.0, 0.0), () -> 0.99);

        assertThat(pauses(backoff, 3)).containsExactly(200L, 400L, 800L);
    }

    @Test
    void eachPauseDrawsOneRandomNumber() {
        AtomicInteger draws = new AtomicInteger();
        Backoff backoff = new Backoff(settings(200, 30_000, 2.0, 0.5), () -> {
            draws.incrementAndGet();
            return 0.0;
        });

        pauses(backoff, 7);

        assertThat(draws).hasValue(7);
    }

    @Test
    void pauseIsAtLeastOneMillisecondEvenWhenJitterTakesItAll() {
        Backoff backoff = new Backoff(settings(1, 1, 1.0, 1.0), () -> 1.0);

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void failuresCountsEachPause() {
        Backoff backoff = new Backoff(settings(200, 30_000, 2.0, 0.5), NO_JITTER_DRAWN);
        assertThat(backoff.failures()).isZero();

        pauses(backoff, 3);

        assertThat(backoff.failures()).isEqualTo(3);
    }

    @Test
    void resetStartsAgainFromTheInitialPause() {
        Backoff backoff = new Backoff(settings(200, 30_000, 2.0, 0.5), NO_JITTER_DRAWN);
        pauses(backoff, 5);

        backoff.reset();

        assertThat(backoff.failures()).isZero();
        assertThat(pauses(backoff, 3)).containsExactly(200L, 400L, 800L);
        assertThat(backoff.failures()).isEqualTo(3);
    }

    @Test
    void endlessFailuresStayAtTheCeilingAndTheCountStopsAt64() {
        Backoff backoff = new Backoff(settings(200, 30_000, 2.0, 0.5), NO_JITTER_DRAWN);

        List<Long> all = pauses(backoff, 1_000);

        assertThat(all.subList(8, all.size())).containsOnly(30_000L);
        assertThat(backoff.failures()).isEqualTo(64);
    }

    @Test
    void hugeMultiplierDoesNotOverflowPastTheCeiling() {
        Backoff backoff = new Backoff(settings(1_000, 60_000, 1_000_000.0, 0.0), NO_JITTER_DRAWN);

        assertThat(pauses(backoff, 100)).startsWith(1_000L, 60_000L).containsOnly(1_000L, 60_000L);
    }
}
