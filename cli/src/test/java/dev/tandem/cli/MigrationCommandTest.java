package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dualwrite.migration.GateSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final MigrationCommand command = new MigrationCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void withoutBrokersOrMigrationItPrintsUsage() {
        assertThat(command.run(List.of("status", "--migration=orders"))).isEqualTo(MigrationCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bootstrap-servers and --migration are required");
        assertThat(command.run(List.of())).isEqualTo(MigrationCommand.USAGE);
    }

    @Test
    void gateOptionsNameBothDirectionsTopics() {
        GateSettings gates = MigrationCommand.gates(Map.of(
                "retry-topics", "tandem.retry:consumer, tandem.retry.reverse:consumer-reverse",
                "dead-letter-topics", "tandem.retry.dlt,tandem.retry.reverse.dlt",
                "max-mismatch-rate", "0.01",
                "max-write-hold", "3s",
                "no-reconcile-gate", ""));

        assertThat(gates.retryTopics())
                .containsExactly(
                        new GateSettings.RetryTopic("tandem.retry", "consumer"),
                        new GateSettings.RetryTopic("tandem.retry.reverse", "consumer-reverse"));
        assertThat(gates.deadLetterTopics()).containsExactly("tandem.retry.dlt", "tandem.retry.reverse.dlt");
        assertThat(gates.maxMismatchRate()).isEqualTo(0.01);
        assertThat(gates.maxWriteHold()).isEqualTo(Duration.ofSeconds(3));
        assertThat(gates.requireReconcile()).isFalse();
    }
}
