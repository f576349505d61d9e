package dev.tandem.cli.migration;

import dev.tandem.cli.DurationConverter;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.dualwrite.migration.GateSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every {@code migration} subcommand takes: where the control topic is, who acts, the gates. */
final class MigrationOptions {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT,…", description = "Kafka.")
    String bootstrapServers;

    @Option(names = "--migration", required = true, paramLabel = "NAME", description = "The migration's name.")
    String migration;

    @Option(
            names = "--control-topic",
            paramLabel = "TOPIC",
            defaultValue = ControlTopic.DEFAULT_TOPIC,
            description = "The control topic (default: ${DEFAULT-VALUE}).")
    String controlTopic;

    @Option(names = "--by", paramLabel = "WHO", description = "Who acts (default: the user name).")
    String by;

    @Option(names = "--reason", paramLabel = "WHY", defaultValue = "", description = "Why, for the audit trail.")
    String reason;

    @Option(
            names = "--retry-topics",
            split = ",",
            paramLabel = "TOPIC:GROUP",
            description = "The retry topics and their consumer groups whose lag gates a cutover.")
    List<String> retryTopics;

    @Option(
            names = "--dead-letter-topics",
            split = ",",
            paramLabel = "TOPIC",
            description = "The dead-letter topics that must be empty for a cutover.")
    List<String> deadLetterTopics;

    @Option(
            names = "--max-mismatch-rate",
            paramLabel = "RATE",
            description = "The highest shadow-read mismatch rate a cutover accepts.")
    Double maxMismatchRate;

    @Option(names = "--no-reconcile-gate", description = "Do not require a clean reconcile run since the last write.")
    boolean noReconcileGate;

    @Option(
            names = "--instance-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long an instance may stay silent and still count as live (default: ${DEFAULT-VALUE}).")
    Duration instanceTimeout;

    @Option(
            names = "--max-write-hold",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long a swap may hold writes (default: ${DEFAULT-VALUE}).")
    Duration maxWriteHold;

    @Option(
            names = "--kafka-timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long each call to Kafka may take, from 100ms to 1h (default: ${DEFAULT-VALUE}).")
    Duration kafkaTimeout;

    String by() {
        return by != null ? by : System.getProperty("user.name", "cli");
    }

    /** The gate settings, or a usage error of {@code command} naming the option that is wrong. */
    GateSettings gates(CommandLine command) {
        GateSettings defaults = GateSettings.defaults();
        List<GateSettings.RetryTopic> topics = new ArrayList<>();
        if (retryTopics != null) {
            for (String pair : retryTopics) {
                String trimmed = pair.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                String[] parts = trimmed.split(":", 2);
                if (parts.length != 2) {
                    throw new ParameterException(command, "--retry-topics takes topic:group pairs, not " + trimmed);
                }
                topics.add(new GateSettings.RetryTopic(parts[0], parts[1]));
            }
        }
        return new GateSettings(
                retryTopics != null ? topics : defaults.retryTopics(),
                deadLetterTopics != null
                        ? deadLetterTopics.stream()
                                .map(String::trim)
                                .filter(t -> !t.isEmpty())
                                .toList()
                        : defaults.deadLetterTopics(),
                maxMismatchRate != null ? maxMismatchRate : defaults.maxMismatchRate(),
                !noReconcileGate,
                instanceTimeout,
                maxWriteHold);
    }
}
