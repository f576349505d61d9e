package dev.tandem.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The checks of the compact constructors; the bean-validation annotations need Spring and are not covered. */
class RetryConsumerPropertiesTest {

    private static final RetryConsumerProperties.Backoff BACKOFF =
            new RetryConsumerProperties.Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.5);
    private static final RetryConsumerProperties.Lag LAG =
            new RetryConsumerProperties.Lag(true, Duration.ofSeconds(5), Duration.ofSeconds(60));

    private static RetryConsumerProperties properties(String topic, String deadLetterTopic, Duration pollTimeout) {
        return new RetryConsumerProperties(
                true,
                topic,
                deadLetterTopic,
                1,
                500,
                pollTimeout,
                "tandem_fence",
                Duration.ofSeconds(10),
                BACKOFF,
                LAG);
    }

    @Test
    void defaultsAreAccepted() {
        RetryConsumerProperties properties = properties("tandem.retry", "tandem.retry.dlt", Duration.ofMillis(500));

        assertThat(properties.topic()).isEqualTo("tandem.retry");
        assertThat(properties.deadLetterTopic()).isEqualTo("tandem.retry.dlt");
        assertThat(properties.backoff()).isSameAs(BACKOFF);
        assertThat(properties.lag()).isSameAs(LAG);
    }

    @Test
    void pollTimeoutMustBePositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties("t", "d", Duration.ZERO))
                .withMessage("tandem.retry.poll-timeout must be a positive duration, was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties("t", "d", Duration.ofMillis(-1)))
                .withMessage("tandem.retry.poll-timeout must be a positive duration, was PT-0.001S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties("t", "d", null))
                .withMessage("tandem.retry.poll-timeout must be a positive duration, was null");
    }

    @Test
    void deadLetterTopicMustDifferFromTheRetryTopic() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> properties("tandem.retry", "tandem.retry", Duration.ofMillis(500)))
                .withMessage("tandem.retry.dead-letter-topic must differ from tandem.retry.topic"
                        + " (both are tandem.retry)");
    }

    @Test
    void backoffPausesMustBePositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryConsumerProperties.Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, 0.5))
                .withMessage("tandem.retry.backoff.initial must be a positive duration, was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryConsumerProperties.Backoff(null, Duration.ofSeconds(1), 2, 0.5))
                .withMessage("tandem.retry.backoff.initial must be a positive duration, was null");
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new RetryConsumerProperties.Backoff(Duration.ofMillis(100), Duration.ofSeconds(-30), 2, 0.5))
                .withMessage("tandem.retry.backoff.max must be a positive duration, was PT-30S");
    }

    @Test
    void backoffInitialMustNotExceedMax() {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new RetryConsumerProperties.Backoff(Duration.ofSeconds(31), Duration.ofSeconds(30), 2, 0.5))
                .withMessage("tandem.retry.backoff.initial (PT31S) must not exceed tandem.retry.backoff.max (PT30S)");
    }

    @Test
    void backoffInitialMayEqualMax() {
        RetryConsumerProperties.Backoff backoff =
                new RetryConsumerProperties.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, 0.0);

        assertThat(backoff.initial()).isEqualTo(backoff.max());
    }

    @Test
    void lagIntervalAndWindowMustBePositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryConsumerProperties.Lag(true, Duration.ZERO, Duration.ofSeconds(60)))
                .withMessage("tandem.retry.lag.interval must be a positive duration, was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RetryConsumerProperties.Lag(true, Duration.ofSeconds(5), null))
                .withMessage("tandem.retry.lag.window must be a positive duration, was null");
    }

    @Test
    void lagWindowMustSpanAtLeastTwoIntervals() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new RetryConsumerProperties.Lag(true, Duration.ofSeconds(5), Duration.ofMillis(9_999)))
                .withMessage("tandem.retry.lag.window (PT9.999S) must span at least two samples of"
                        + " tandem.retry.lag.interval (PT5S)");
    }

    @Test
    void lagWindowOfExactlyTwoIntervalsIsAccepted() {
        RetryConsumerProperties.Lag lag =
                new RetryConsumerProperties.Lag(false, Duration.ofSeconds(5), Duration.ofSeconds(10));

        assertThat(lag.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(lag.enabled()).isFalse();
    }

    @Test
    void checksApplyEvenWhenLagSamplingIsDisabled() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new RetryConsumerProperties.Lag(false, Duration.ofSeconds(-5), Duration.ofSeconds(60)))
                .withMessageStartingWith("tandem.retry.lag.interval must be a positive duration");
    }
}
