package dev.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tandem.testkit.FailureChain;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The reconciler refuses a bad setting at start-up without ever showing a configured password. */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationSecretsTest {

    private static final String PASSWORD = "Pa55-w0rd-never-shown";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tandem.reconciler.max-differences=0",
                "tandem.reconciler.settle=soon",
                "tandem.reconciler.tables[0].float-tolerance.amount=-1",
                "tandem.reconciler.tables[1].name=PAYMENTS",
                "tandem.reconciler.report.to=oncall@example.org",
                "tandem.reconciler.primary.maximum-pool-size=0",
                "tandem.reconciler.secondary.url=jdbc:oracle:thin:@db:1521/x?password=" + PASSWORD
            })
    void startUpFailureNeverShowsAConfiguredPassword(String invalid, CapturedOutput output) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(ReconcilerApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--tandem.reconciler.tables[0].name=payments",
                        "--tandem.reconciler.schedule.enabled=false",
                        "--spring.main.banner-mode=off",
                        "--tandem.reconciler.primary.url=jdbc:mysql://127.0.0.1:1/shop?password=" + PASSWORD
                                + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true",
                        "--tandem.reconciler.primary.username=tandem",
                        "--tandem.reconciler.primary.password=" + PASSWORD,
                        "--tandem.reconciler.secondary.url=jdbc:postgresql://127.0.0.1:1/shop?password=" + PASSWORD,
                        "--tandem.reconciler.secondary.username=tandem",
                        "--tandem.reconciler.secondary.password=" + PASSWORD,
                        "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                        "--spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain"
                                + ".PlainLoginModule required username=\"u\" password=\"" + PASSWORD + "\";",
                        "--" + invalid)
                .close());

        assertThat(failure).as(invalid).isNotNull();
        assertThat(FailureChain.text(failure)).as(invalid).doesNotContain(PASSWORD);
        assertThat(output.getAll()).as(invalid).doesNotContain(PASSWORD);
    }
}
