package dev.tandem.cli.dlt;

import dev.tandem.cli.DurationConverter;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How long each call of a {@code dlt} command to Kafka may take ({@code @Mixin}). */
final class KafkaTimeoutOption {

    @Option(
            names = "--kafka-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long each call to Kafka may take, from 100ms to 1h (default: ${DEFAULT-VALUE}).")
    Duration kafkaTimeout;

    /**
     * The Kafka clients' timeouts for {@link #kafkaTimeout}: the admin's, the consumer's and the producer's
     * timeouts (an operator's own {@code spring.kafka.*} settings still win).
     *
     * @throws CommandLine.ParameterException of {@code command} if the timeout is out of range
     */
    Map<String, String> properties(CommandLine command) {
        if (kafkaTimeout.toMillis() < 100 || kafkaTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new CommandLine.ParameterException(
                    command, "--kafka-timeout must be between 100ms and 1h, was " + kafkaTimeout);
        }
        String millis = String.valueOf(kafkaTimeout.toMillis());
        return Map.of(
                "spring.kafka.admin.properties[default.api.timeout.ms]", millis,
                "spring.kafka.admin.properties[request.timeout.ms]", millis,
                "spring.kafka.consumer.properties[default.api.timeout.ms]", millis,
                "spring.kafka.consumer.properties[request.timeout.ms]", millis,
                "spring.kafka.producer.properties[max.block.ms]", millis,
                "spring.kafka.producer.properties[request.timeout.ms]", millis,
                "spring.kafka.producer.properties[delivery.timeout.ms]",
                        String.valueOf(kafkaTimeout.toMillis() + 1_000));
    }
}
