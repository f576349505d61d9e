package dev.tandem.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.RetryHandOff;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DualWriteAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DualWriteAutoConfiguration.class))
            .withPropertyValues("tandem.dualwrite.spool.directory=target/spool-config-test");

    @Test
    void missingSecondaryFailsAtStartNamingTheProperty() {
        runner.withPropertyValues("tandem.dualwrite.kafka.bootstrap-servers=127.0.0.1:1")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("tandem.dualwrite.secondary.url"));
    }

    @Test
    void missingKafkaFailsAtStartNamingTheProperty() {
        runner.withPropertyValues("tandem.dualwrite.secondary.url=jdbc:postgresql://127.0.0.1:1/x")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("tandem.dualwrite.kafka.bootstrap-servers"));
    }

    @Test
    void invalidSettingFailsAtStartSayingWhatIsWrong() {
        runner.withPropertyValues(
                        "tandem.dualwrite.secondary.url=jdbc:postgresql://127.0.0.1:1/x",
                        "tandem.dualwrite.kafka.bootstrap-servers=127.0.0.1:1",
                        "tandem.dualwrite.async.threads=0")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("tandem.dualwrite.async.threads must be positive but was 0"));
    }

    @Test
    void fenceTableThatIsNotAPlainIdentifierIsRefused() {
        runner.withPropertyValues(
                        "tandem.dualwrite.secondary.url=jdbc:postgresql://127.0.0.1:1/x",
                        "tandem.dualwrite.kafka.bootstrap-servers=127.0.0.1:1",
                        "tandem.dualwrite.fence-table=fence; DROP TABLE x")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("tandem.dualwrite.fence-table"));
    }

    @Test
    void validConfigurationStartsEvenWithTheSecondaryAndKafkaDown() {
        runner.withPropertyValues(
                        "tandem.dualwrite.secondary.url=jdbc:postgresql://127.0.0.1:1/x",
                        "tandem.dualwrite.kafka.bootstrap-servers=127.0.0.1:1")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(DualWriter.class)
                        .hasSingleBean(RetryHandOff.class));
    }

    @Test
    void disabledLibraryCreatesNothing() {
        runner.withPropertyValues("tandem.dualwrite.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DualWriter.class));
    }
}
