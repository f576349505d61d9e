package dev.tandem.retry;

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

/** The service refuses a bad setting at start-up without ever showing a configured password. */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationSecretsTest {

    private static final String PASSWORD = "Pa55-w0rd-never-shown";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "tandem.retry.concurrency=0",
                "tandem.retry.batch-size=-1",
                "tandem.retry.poll-timeout=0s",
                "tandem.retry.topic=",
                "tandem.retry.dead-letter-topic=tandem.retry",
                "tandem.retry.backoff.initial=1m",
                "tandem.retry.backoff.multiplier=0.5",
                "tandem.retry.backoff.jitter=2",
                "tandem.retry.lag.window=1s",
                "tandem.retry.statement-timeout=soon",
                "tandem.mapping.tables[0].secondary=orders"
            })
    void startUpFailureNeverShowsAConfiguredPassword(String invalid, CapturedOutput output) {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(RetryConsumerApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--" + invalid,
                        "--spring.main.banner-mode=off",
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/x?password=" + PASSWORD,
                        "--spring.datasource.username=tandem",
                        "--spring.datasource.password=" + PASSWORD,
                        "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                        "--spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain"
                                + ".PlainLoginModule required username=\"u\" password=\"" + PASSWORD + "\";",
                        "--spring.kafka.ssl.key-password=" + PASSWORD)
                .close());

        assertThat(failure).as(invalid).isNotNull();
        assertThat(FailureChain.text(failure)).doesNotContain(PASSWORD);
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START").doesNotContain(PASSWORD);
    }
}
