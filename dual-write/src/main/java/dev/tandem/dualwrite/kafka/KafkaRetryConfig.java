package dev.tandem.dualwrite.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how mutations are handed to the retry topic, validated when built.
 *
 * @param bootstrapServers the Kafka cluster
 * @param topic the retry topic
 * @param spoolDirectory where records wait on local disk while Kafka is unreachable
 * @param spoolMaxBytes the spool's bound; past it, writes reaching neither store are refused loudly
 * @param maxBlock how long a hand-off may wait for Kafka metadata or buffer space before it spools
 * @param deliveryTimeout how long the producer tries to deliver a record before it spools it
 * @param replayInterval how often the spool is replayed, and an unreachable Kafka probed
 * @param producerProperties further producer settings (security, compression …); Tandem's own win
 */
public record KafkaRetryConfig(
        String bootstrapServers,
        String topic,
        Path spoolDirectory,
        long spoolMaxBytes,
        Duration maxBlock,
        Duration deliveryTimeout,
        Duration replayInterval,
        Map<String, Object> producerProperties) {

    /** The retry topic unless configured otherwise. */
    public static final String DEFAULT_TOPIC = "tandem.retry";

    public KafkaRetryConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must name at least one Kafka broker");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        if (spoolMaxBytes <= 0) {
            throw new IllegalArgumentException("spoolMaxBytes must be positive but was " + spoolMaxBytes);
        }
        requirePositive("maxBlock", maxBlock);
        requirePositive("deliveryTimeout", deliveryTimeout);
        requirePositive("replayInterval", replayInterval);
        producerProperties = Map.copyOf(producerProperties == null ? Map.of() : producerProperties);
    }

    public static Builder custom(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration but was " + value);
        }
    }

    /** Defaults: topic {@value #DEFAULT_TOPIC}, spool {@code ./tandem-spool} of 256 MiB, 1 s max block, 10 s delivery. */
    public static final class Builder {
        private final String bootstrapServers;
        private String topic = DEFAULT_TOPIC;
        private Path spoolDirectory = Path.of("tandem-spool");
        private long spoolMaxBytes = 256L * 1024 * 1024;
        private Duration maxBlock = Duration.ofSeconds(1);
        private Duration deliveryTimeout = Duration.ofSeconds(10);
        private Duration replayInterval = Duration.ofSeconds(1);
        private Map<String, Object> producerProperties = Map.of();

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder spoolDirectory(Path directory) {
            this.spoolDirectory = directory;
            return this;
        }

        public Builder spoolMaxBytes(long bytes) {
            this.spoolMaxBytes = bytes;
            return this;
        }

        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
            return this;
        }

        public Builder deliveryTimeout(Duration timeout) {
            this.deliveryTimeout = timeout;
            return this;
        }

        public Builder replayInterval(Duration interval) {
            this.replayInterval = interval;
            return this;
        }

        public Builder producerProperties(Map<String, Object> properties) {
            this.producerProperties = properties;
            return this;
        }

        public KafkaRetryConfig build() {
            return new KafkaRetryConfig(
                    bootstrapServers,
                    topic,
                    spoolDirectory,
                    spoolMaxBytes,
                    maxBlock,
                    deliveryTimeout,
                    replayInterval,
                    producerProperties);
        }
    }
}
