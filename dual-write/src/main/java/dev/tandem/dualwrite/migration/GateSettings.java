package dev.tandem.dualwrite.migration;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a cutover checks and how long it waits.
 *
 * @param retryTopics the retry topics (both directions) and the consumer groups draining them: their
 *     lag must be 0
 * @param deadLetterTopics the dead-letter topics: they must be empty
 * @param maxMismatchRate the largest share of shadow reads that may have mismatched (0.001 = 0.1 %)
 * @param requireReconcile whether a clean last reconcile verdict is required
 * @param instanceTimeout an instance that has not reported for this long is not live
 * @param maxWriteHold how long the cutover may hold writes; the instances' own bound should be at
 *     least as long
 */
public record GateSettings(
        List<RetryTopic> retryTopics,
        List<String> deadLetterTopics,
        double maxMismatchRate,
        boolean requireReconcile,
        Duration instanceTimeout,
        Duration maxWriteHold) {

    public GateSettings {
        retryTopics = List.copyOf(retryTopics);
        deadLetterTopics = List.copyOf(deadLetterTopics);
        if (!(maxMismatchRate >= 0 && maxMismatchRate <= 1)) {
            throw new IllegalArgumentException("maxMismatchRate must be within 0..1 but was " + maxMismatchRate);
        }
        Objects.requireNonNull(instanceTimeout, "instanceTimeout");
        Objects.requireNonNull(maxWriteHold, "maxWriteHold");
    }

    /** The default topics ({@code tandem.retry} drained by {@code tandem-retry-consumer}, and their DLT). */
    public static GateSettings defaults() {
        return new GateSettings(
                List.of(new RetryTopic("tandem.retry", "tandem-retry-consumer")),
                List.of("tandem.retry.dlt"),
                0.001,
                true,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    }

    /** A retry topic and the consumer group that drains it. */
    public record RetryTopic(String topic, String group) {

        public RetryTopic {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(group, "group");
        }
    }
}
