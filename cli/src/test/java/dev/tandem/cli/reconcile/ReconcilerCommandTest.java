package dev.tandem.cli.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Console;
import dev.tandem.cli.ExitCode;
import org.junit.jupiter.api.Test;

/** The reconcile commands' own checks, before they touch any store. */
class ReconcilerCommandTest {

    private final Console command = new Console();

    @Test
    void noCommandOrAnUnknownOneIsAUsageErrorNamingIt() {
        assertThat(command.run("--spring.mail.host=x")).isEqualTo(ExitCode.USAGE.code());
        assertThat(command.err()).contains("Missing required subcommand").contains("Usage:");

        assertThat(command.run("rn")).isEqualTo(ExitCode.USAGE.code());
        assertThat(command.err()).contains("Unmatched argument at index 0: 'rn'");
        assertThat(command.opened()).isEmpty();
    }

    @Test
    void unknownOptionsAndExecuteWithoutRepairAreRefusedBeforeAnythingRuns() {
        assertThat(command.run("run", "--repiar")).isEqualTo(ExitCode.USAGE.code());
        assertThat(command.err()).contains("Unknown option: '--repiar'");

        assertThat(command.run("run", "--execute")).isEqualTo(ExitCode.USAGE.code());
        assertThat(command.err()).contains("--execute only goes with --repair");
        assertThat(command.opened()).isEmpty();
    }

    @Test
    void badNumbersAreNamed() {
        assertThat(command.run("runs", "--limit=0")).isEqualTo(ExitCode.USAGE.code());
        assertThat(command.err()).contains("'--limit'").contains("must be a positive whole number, was '0'");

        assertThat(command.run("show", "abc")).isEqualTo(ExitCode.USAGE.code());
        assertThat(command.err()).contains("RUN_ID").contains("must be a positive whole number, was 'abc'");
        assertThat(command.opened()).isEmpty();
    }

    @Test
    void configurationPropertiesAreLeftToSpring() {
        assertThat(command.run("help", "--tandem.reconciler.primary.url=jdbc:mysql://x/y"))
                .isEqualTo(ExitCode.OK.code());
        assertThat(command.out()).contains("Usage:");
    }
}
