package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ExitCodeTest {

    @Test
    void everyCommandSharesTheseFourStatuses() {
        assertThat(ExitCode.values()).extracting(ExitCode::code).containsExactly(0, 1, 2, 3);
        assertThat(ExitCode.OK.getExitCode()).isZero();
        assertThat(ExitCode.DIFFERENCES.getExitCode()).isEqualTo(1);
        assertThat(ExitCode.USAGE.getExitCode()).isEqualTo(2);
        assertThat(ExitCode.FAILED.getExitCode()).isEqualTo(3);
    }

    @Test
    void aFailureIsDescribedByItsMessageAndTheRootCauseItWraps() {
        Exception root = new java.util.concurrent.TimeoutException("Timeout expired while fetching topic metadata");
        Exception failure =
                new IllegalStateException("Could not read tandem.control", new RuntimeException("wrapper", root));

        assertThat(ExitCode.describe(failure))
                .isEqualTo("Could not read tandem.control; cause: TimeoutException: Timeout expired while fetching"
                        + " topic metadata");
        assertThat(ExitCode.describe(new IllegalStateException("alone"))).isEqualTo("alone");
        assertThat(ExitCode.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void badInputAndRefusedConfigurationAreUsageErrors() {
        assertThat(ExitCode.of(new IllegalArgumentException("unknown table 'x'")))
                .isEqualTo(ExitCode.USAGE);
        assertThat(ExitCode.of(new BeanCreationException(
                        "reconcilerService",
                        "failed",
                        new InvalidConfigurationPropertyValueException(
                                "tandem.reconciler.tables[0].name", "", "blank"))))
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void anythingElseFailed() {
        assertThat(ExitCode.of(new IllegalStateException("Kafka is gone"))).isEqualTo(ExitCode.FAILED);
        assertThat(ExitCode.of(new BeanCreationException("primary", new java.sql.SQLException("refused"))))
                .isEqualTo(ExitCode.FAILED);
    }

    @Test
    void aCommandsResultIsTheExitStatus() {
        for (ExitCode code : ExitCode.values()) {
            assertThat(Tandem.withExitCodes(new CommandLine(new Returning(code)))
                            .execute())
                    .as(code.name())
                    .isEqualTo(code.code());
        }
    }

    @Test
    void theMessageOfAUsageErrorIsTheRefusedPropertys() {
        RuntimeException failure = new BeanCreationException(
                "schemaMapping",
                "Error creating bean with name 'schemaMapping'",
                new InvalidConfigurationPropertyValueException("tandem.mapping.tables", "…", "does not fit"));

        assertThat(ExitCode.reason(failure)).contains("tandem.mapping.tables").contains("does not fit");
        assertThat(ExitCode.reason(new IllegalArgumentException("unknown table 'x'")))
                .isEqualTo("unknown table 'x'");
    }

    @Command(name = "returning")
    static final class Returning implements Callable<ExitCode> {
        private final ExitCode code;

        Returning(ExitCode code) {
            this.code = code;
        }

        @Override
        public ExitCode call() {
            return code;
        }
    }
}
