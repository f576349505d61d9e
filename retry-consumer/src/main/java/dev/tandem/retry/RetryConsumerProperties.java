package dev.tandem.retry;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the retry consumer, under {@code tandem.retry}. Kafka itself is configured with
 * the usual {@code spring.kafka.*} keys (the consumer group is {@code spring.kafka.consumer.group-id},
 * {@value #DEFAULT_GROUP} when unset) and the secondary with {@code spring.datasource.*}.
 *
 * @param consume whether this process consumes the retry topic (off for the DLT command line)
 * @param topic the retry topic
 * @param deadLetterTopic where poison records go
 * @param concurrency consumers in this process, each with its own share of the partitions
 * @param batchSize records applied per batch at most ({@code max.poll.records})
 * @param pollTimeout how long a poll waits for records; also bounds how long shutdown waits for an idle consumer
 * @param fenceTable the table in the secondary holding the version fence
 * @param statementTimeout bound on each statement against the secondary (whole seconds)
 * @param backoff how transient failures are retried
 * @param lag how lag is sampled and judged
 */
@ConfigurationProperties("tandem.retry")
@Validated
public record RetryConsumerProperties(
        @DefaultValue("true") boolean consume,
        @DefaultValue("tandem.retry") @NotBlank String topic,
        @DefaultValue("tandem.retry.dlt") @NotBlank String deadLetterTopic,
        @DefaultValue("1") @Min(1) int concurrency,
        @DefaultValue("500") @Min(1) int batchSize,
        @DefaultValue("500ms") Duration pollTimeout,
        @DefaultValue("tandem_fence") @NotBlank String fenceTable,
        @DefaultValue("10s") Duration statementTimeout,
        @DefaultValue @Valid Backoff backoff,
        @DefaultValue @Valid Lag lag) {

    /** The consumer group when {@code spring.kafka.consumer.group-id} is not set. */
    public static final String DEFAULT_GROUP = "tandem-retry-consumer";

    public RetryConsumerProperties {
        requirePositive(pollTimeout, "tandem.retry.poll-timeout");
        if (topic.equals(deadLetterTopic)) {
            throw new IllegalArgumentException(
                    "tandem.retry.dead-letter-topic must differ from tandem.retry.topic (both are " + topic + ")");
        }
    }

    static void requirePositive(Duration value, String key) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + value);
        }
    }

    /**
     * Exponential back-off with jitter after a transient failure; the same records are retried until
     * they go through.
     *
     * @param initial the first pause
     * @param max the longest pause
     * @param multiplier growth of the pause after each further failure
     * @param jitter fraction of each pause drawn at random, so that consumers do not retry in step
     */
    public record Backoff(
            @DefaultValue("200ms") Duration initial,
            @DefaultValue("30s") Duration max,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,
            @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double jitter) {

        public Backoff {
            requirePositive(initial, "tandem.retry.backoff.initial");
            requirePositive(max, "tandem.retry.backoff.max");
            if (!(multiplier >= 1.0)) {
                throw new IllegalArgumentException(
                        "tandem.retry.backoff.multiplier must be at least 1.0, was " + multiplier);
            }
            if (!(jitter >= 0.0 && jitter <= 1.0)) {
                throw new IllegalArgumentException(
                        "tandem.retry.backoff.jitter must be between 0.0 and 1.0, was " + jitter);
            }
            if (initial.compareTo(max) > 0) {
                throw new IllegalArgumentException("tandem.retry.backoff.initial (" + initial
                        + ") must not exceed tandem.retry.backoff.max (" + max + ")");
            }
        }
    }

    /**
     * @param enabled whether lag is sampled in this process
     * @param interval time between samples
     * @param window the span over which progress and growth are judged
     */
    public record Lag(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("5s") Duration interval,
            @DefaultValue("60s") Duration window) {

        public Lag {
            requirePositive(interval, "tandem.retry.lag.interval");
            requirePositive(window, "tandem.retry.lag.window");
            if (window.compareTo(interval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("tandem.retry.lag.window (" + window
                        + ") must span at least two samples of tandem.retry.lag.interval (" + interval + ")");
            }
        }
    }
}
