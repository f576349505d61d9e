package dev.tandem.cli.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Console;
import dev.tandem.cli.DurationConverter;
import dev.tandem.cli.ExitCode;
import dev.tandem.dualwrite.migration.GateSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MigrationCommandTest {

    private final Console command = new Console();

    @Test
    void withoutBrokersOrMigrationItPrintsUsage() {
        assertThat(command.run("migration", "status", "--migration=orders")).isEqualTo(ExitCode.USAGE.code());
        assertThat(command.err())
                .contains("Missing required option: '--bootstrap-servers=HOST:PORT,…'")
                .contains("Usage: tandem migration status");
        assertThat(command.run("migration")).isEqualTo(ExitCode.USAGE.code());
    }

    @Test
    void gateOptionsNameBothDirectionsTopics() {
        MigrationOptions options = new MigrationOptions();
        CommandLine line = new CommandLine(options);
        line.parseArgs(
                "--bootstrap-servers=kafka:9092",
                "--migration=orders",
                "--retry-topics=tandem.retry:consumer, tandem.retry.reverse:consumer-reverse",
                "--dead-letter-topics=tandem.retry.dlt,tandem.retry.reverse.dlt",
                "--max-mismatch-rate=0.01",
                "--max-write-hold=3s",
                "--no-reconcile-gate");
        GateSettings gates = options.gates(line);

        assertThat(gates.retryTopics())
                .containsExactly(
                        new GateSettings.RetryTopic("tandem.retry", "consumer"),
                        new GateSettings.RetryTopic("tandem.retry.reverse", "consumer-reverse"));
        assertThat(gates.deadLetterTopics()).containsExactly("tandem.retry.dlt", "tandem.retry.reverse.dlt");
        assertThat(gates.maxMismatchRate()).isEqualTo(0.01);
        assertThat(gates.maxWriteHold()).isEqualTo(Duration.ofSeconds(3));
        assertThat(gates.requireReconcile()).isFalse();
    }

    @Test
    void withoutGateOptionsTheDefaultsHold() {
        MigrationOptions options = new MigrationOptions();
        CommandLine line = new CommandLine(options);
        line.parseArgs("--bootstrap-servers=kafka:9092", "--migration=orders");
        GateSettings gates = options.gates(line);
        GateSettings defaults = GateSettings.defaults();

        assertThat(gates.retryTopics()).isEqualTo(defaults.retryTopics());
        assertThat(gates.deadLetterTopics()).isEqualTo(defaults.deadLetterTopics());
        assertThat(gates.maxMismatchRate()).isEqualTo(defaults.maxMismatchRate());
        assertThat(gates.requireReconcile()).isTrue();
        assertThat(gates.instanceTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(gates.maxWriteHold()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.controlTopic).isEqualTo("tandem.control");
    }

    @Test
    void aRetryTopicWithoutItsGroupIsAUsageErrorBeforeKafkaIsContacted() {
        assertThat(command.run(
                        "migration",
                        "cutover",
                        "--bootstrap-servers=127.0.0.1:1",
                        "--migration=orders",
                        "--retry-topics=tandem.retry"))
                .isEqualTo(ExitCode.USAGE.code());
        assertThat(command.err()).contains("--retry-topics takes topic:group pairs, not tandem.retry");
    }

    @Test
    void durationsTakeMillisecondsSecondsOrIso() {
        DurationConverter durations = new DurationConverter();

        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(durations.convert("PT1M")).isEqualTo(Duration.ofMinutes(1));
    }
}
