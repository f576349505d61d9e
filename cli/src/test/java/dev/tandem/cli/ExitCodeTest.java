package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

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
}
