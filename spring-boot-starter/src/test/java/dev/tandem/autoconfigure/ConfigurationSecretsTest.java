package dev.tandem.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.config.Redaction;
import dev.tandem.testkit.FailureChain;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A configured password never shows in a start-up failure, a log line or a properties record. */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationSecretsTest {

    private static final String PASSWORD = "Pa55-w0rd-never-shown";
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"tandem\" password=\"" + PASSWORD + "\";";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DualWriteAutoConfiguration.class))
            .withPropertyValues(
                    "tandem.dualwrite.spool.directory=target/spool-secrets-test",
                    "tandem.dualwrite.secondary.url=jdbc:postgresql://127.0.0.1:1/x?sslpassword=" + PASSWORD,
                    "tandem.dualwrite.secondary.username=tandem",
                    "tandem.dualwrite.secondary.password=" + PASSWORD,
                    "tandem.dualwrite.kafka.bootstrap-servers=127.0.0.1:1",
                    "tandem.dualwrite.kafka.producer[sasl.jaas.config]=" + JAAS,
                    "tandem.dualwrite.kafka.producer[ssl.key.password]=" + PASSWORD,
                    "tandem.dualwrite.kafka.producer[ssl.keystore.password]=" + PASSWORD);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tandem.dualwrite.async.threads=0",
                "tandem.dualwrite.async.queue-capacity=-1",
                "tandem.dualwrite.async.shutdown-timeout=-1s",
                "tandem.dualwrite.async.threads=many",
                "tandem.dualwrite.mode=SOMETIMES",
                "tandem.dualwrite.circuit-breaker.failure-rate-threshold=101",
                "tandem.dualwrite.circuit-breaker.slow-call-threshold=0s",
                "tandem.dualwrite.circuit-breaker.sliding-window-size=0",
                "tandem.dualwrite.circuit-breaker.wait-in-open-state=0s",
                "tandem.dualwrite.bulkhead.max-concurrent-applies=0",
                "tandem.dualwrite.kafka.topic= ",
                "tandem.dualwrite.kafka.max-block=0s",
                "tandem.dualwrite.kafka.delivery-timeout=-5s",
                "tandem.dualwrite.spool.max-size=0",
                "tandem.dualwrite.spool.replay-interval=0s",
                "tandem.dualwrite.fence-table=fence; DROP TABLE x",
                "tandem.dualwrite.secondary.maximum-pool-size=0",
                "tandem.dualwrite.secondary.data-source-bean=noSuchBean",
                "tandem.mapping.tables[0].secondary=orders"
            })
    void startUpFailureNeverShowsTheSecondarysPassword(String invalid, CapturedOutput output) {
        runner.withPropertyValues(invalid).run(context -> {
            assertThat(context).hasFailed();
            assertThat(FailureChain.text(context.getStartupFailure())).doesNotContain(PASSWORD);
        });
        assertThat(output.getAll()).doesNotContain(PASSWORD);
    }

    @Test
    void anInvalidWriterSettingIsReportedUnderItsOwnKeyWithItsValueOnly() {
        runner.withPropertyValues("tandem.dualwrite.async.threads=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessage("Property tandem.dualwrite.async.threads with value '0' is invalid:"
                            + " tandem.dualwrite.async.threads must be positive but was 0");
            InvalidConfigurationPropertyValueException invalid = findInvalidValue(context.getStartupFailure());
            assertThat(invalid.getName()).isEqualTo("tandem.dualwrite.async.threads");
            assertThat(invalid.getValue()).isEqualTo(0);
            assertThat(invalid.getReason()).isEqualTo("tandem.dualwrite.async.threads must be positive but was 0");
        });
    }

    @Test
    void anInvalidKafkaSettingIsReportedUnderItsOwnKey() {
        runner.withPropertyValues("tandem.dualwrite.kafka.max-block=0s").run(context -> {
            InvalidConfigurationPropertyValueException invalid = findInvalidValue(context.getStartupFailure());
            assertThat(invalid.getName()).isEqualTo("tandem.dualwrite.kafka.max-block");
            assertThat(invalid.getValue()).hasToString("PT0S");
        });
    }

    @Test
    void propertiesRecordsMaskEverySecret() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "tandem.dualwrite.secondary.url", "jdbc:mysql://tandem:" + PASSWORD + "@db:3306/x?password=" + PASSWORD,
                "tandem.dualwrite.secondary.username", "tandem",
                "tandem.dualwrite.secondary.password", PASSWORD,
                "tandem.dualwrite.kafka.producer[sasl.jaas.config]", JAAS,
                "tandem.dualwrite.kafka.producer[ssl.truststore.password]", PASSWORD,
                "tandem.dualwrite.kafka.producer[compression.type]", "zstd",
                "tandem.dualwrite.migration.client[sasl.jaas.config]", JAAS,
                "tandem.dualwrite.migration.client[ssl.key.password]", PASSWORD)));

        DualWriteProperties dualWrite =
                binder.bind("tandem.dualwrite", DualWriteProperties.class).get();
        DualWriteMigrationProperties migration = binder.bind(
                        "tandem.dualwrite.migration", DualWriteMigrationProperties.class)
                .get();

        assertThat(dualWrite.secondary().password()).isEqualTo(PASSWORD);
        assertThat(dualWrite.toString())
                .doesNotContain(PASSWORD)
                .contains("password=" + Redaction.MASK)
                .contains("username=tandem")
                .contains("sasl.jaas.config=" + Redaction.MASK)
                .contains("compression.type=zstd");
        assertThat(migration.toString()).doesNotContain(PASSWORD).contains("ssl.key.password=" + Redaction.MASK);
    }

    private static InvalidConfigurationPropertyValueException findInvalidValue(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationPropertyValueException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("No InvalidConfigurationPropertyValueException in " + failure);
    }
}
