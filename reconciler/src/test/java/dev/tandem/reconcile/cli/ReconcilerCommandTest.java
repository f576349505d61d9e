package dev.tandem.reconcile.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line's own checks, before it touches any store. */
class ReconcilerCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ReconcilerCommand command = new ReconcilerCommand(
            null,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noCommandOrAnUnknownOneIsAUsageErrorNamingIt() {
        assertThat(command.run(List.of("--spring.mail.host=x"))).isEqualTo(ReconcilerCommand.USAGE);
        assertThat(err()).contains("no command given").contains("Usage:");

        assertThat(command.run(List.of("rn"))).isEqualTo(ReconcilerCommand.USAGE);
        assertThat(err()).contains("unknown command 'rn'");
    }

    @Test
    void unknownOptionsAndExecuteWithoutRepairAreRefusedBeforeAnythingRuns() {
        assertThat(command.run(List.of("run", "--repiar"))).isEqualTo(ReconcilerCommand.USAGE);
        assertThat(err()).contains("unknown option '--repiar' for run");

        assertThat(command.run(List.of("run", "--execute"))).isEqualTo(ReconcilerCommand.USAGE);
        assertThat(err()).contains("--execute only goes with --repair");
    }

    @Test
    void badNumbersAreNamed() {
        assertThat(command.run(List.of("runs", "--limit=0"))).isEqualTo(ReconcilerCommand.USAGE);
        assertThat(err()).contains("--limit must be a positive whole number, was '0'");

        assertThat(command.run(List.of("show", "abc"))).isEqualTo(ReconcilerCommand.USAGE);
        assertThat(err()).contains("run id must be a positive whole number, was 'abc'");
    }

    @Test
    void configurationPropertiesAreLeftToSpring() {
        assertThat(command.run(List.of("help", "--tandem.reconciler.primary.url=jdbc:mysql://x/y")))
                .isEqualTo(ReconcilerCommand.CLEAN);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage:");
    }
}
