package dev.tandem.retry.listener;

import dev.tandem.retry.RetryConsumerProperties;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Pauses between retries of records the secondary could not take: exponential up to a ceiling, with
 * a random share of each pause so that several consumers do not hammer a recovering database in step.
 */
final class Backoff {

    private final RetryConsumerProperties.Backoff settings;
    private final DoubleSupplier random;
    private int failures;

    Backoff(RetryConsumerProperties.Backoff settings, DoubleSupplier random) {
        this.settings = settings;
        this.random = random;
    }

    /** The pause before the next retry; each call counts one more consecutive failure. */
    Duration next() {
        double exponential = settings.initial().toMillis() * Math.pow(settings.multiplier(), failures);
        double ceiling = Math.min(exponential, settings.max().toMillis());
        if (failures < 64) {
            failures++;
        }
        double jittered = ceiling * (1 - settings.jitter() * random.getAsDouble());
        return Duration.ofMillis(Math.max(1, Math.round(jittered)));
    }

    /** Consecutive failures so far. */
    int failures() {
        return failures;
    }

    void reset() {
        failures = 0;
    }
}
