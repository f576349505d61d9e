package dev.tandem.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;
import dev.tandem.dualwrite.DualWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The series an application writing through the library exports, as Prometheus scrapes them. */
class DualWriteMetricsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DualWriteAutoConfiguration.class))
            .withBean(MeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
            .withPropertyValues(
                    "tandem.dualwrite.spool.directory=target/spool-metrics-test",
                    "tandem.dualwrite.secondary.url=jdbc:postgresql://127.0.0.1:1/x",
                    "tandem.dualwrite.kafka.bootstrap-servers=127.0.0.1:1");

    @Test
    void theCircuitBreakerIsExportedByResilience4jsBinderAndNoLongerByAHandWrittenGauge() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            context.getBean(DualWriter.class);
            String scrape = scrape(context.getBean(MeterRegistry.class));
            assertThat(scrape)
                    .contains("resilience4j_circuitbreaker_state{name=\"tandem-secondary\",state=\"closed\"} 1.0")
                    .contains("resilience4j_circuitbreaker_state{name=\"tandem-secondary\",state=\"open\"} 0.0")
                    .contains("resilience4j_circuitbreaker_failure_rate{name=\"tandem-secondary\"}")
                    .doesNotContain("tandem_dualwrite_breaker_state");
        });
    }

    @Test
    void applyLatenciesArePercentileHistogramsAndTheSpoolsFillRatioIsExported() {
        runner.run(context -> {
            context.getBean(DualWriter.class);
            String scrape = scrape(context.getBean(MeterRegistry.class));
            assertThat(scrape)
                    .contains("tandem_dualwrite_apply_seconds_bucket{outcome=\"APPLIED\",le=\"+Inf\"} 0")
                    .contains("tandem_dualwrite_spool_fill_ratio 0.0")
                    .doesNotContain("tandem_dualwrite_apply_seconds{outcome=\"APPLIED\",quantile=");
        });
    }

    @Test
    void theMigrationPhaseIsOneForThePhaseFollowedAndZeroForTheOthers() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MicrometerMigrationMetrics metrics = new MicrometerMigrationMetrics(registry);
        assertThat(scrape(registry)).contains("tandem_migration_phase{phase=\"DUAL_WRITE\"} 0.0");

        metrics.phase(new PhaseState(
                "payments", Phase.SHADOW_READ, 10, Store.ORIGIN, 3, UUID.randomUUID(), "test", Instant.now(), "why"));

        assertThat(scrape(registry))
                .contains("tandem_migration_phase{phase=\"SHADOW_READ\"} 1.0")
                .contains("tandem_migration_phase{phase=\"DUAL_WRITE\"} 0.0")
                .contains("tandem_migration_epoch 3.0")
                .contains("tandem_migration_write_hold_seconds_bucket{le=\"+Inf\"} 0");
    }

    private static String scrape(MeterRegistry registry) {
        return ((PrometheusMeterRegistry) registry).scrape();
    }
}
