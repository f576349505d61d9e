package dev.tandem.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The derivation of exported series names from the sources, which the alert and dashboard checks rely on. */
class ExportedMetricsTest {

    @Test
    void retryConsumerMetersGetMicrometersPrometheusNames() {
        assertThat(ExportedMetrics.prometheusNames(ExportedMetrics.fromSources()))
                .contains(
                        "tandem_retry_lag_records",
                        "tandem_retry_lag_seconds",
                        "tandem_retry_drain_eta_seconds",
                        "tandem_retry_status",
                        "tandem_retry_records_total",
                        "tandem_retry_dead_letters_total",
                        "tandem_retry_batch_seconds_count",
                        "tandem_retry_batch_seconds_max",
                        "tandem_retry_batch_seconds_bucket",
                        "tandem_retry_dlt_records")
                .doesNotContain("tandem_retry_records", "tandem_retry_batch_count", "tandem_retry_lag_seconds_seconds");
    }

    @Test
    void dualWriteMetersIncludeTheBinderBreakerStateUnitsAndHistograms() {
        assertThat(ExportedMetrics.prometheusNames(ExportedMetrics.fromSources()))
                .contains(
                        "tandem_dualwrite_apply_seconds_count",
                        "tandem_dualwrite_apply_seconds_bucket",
                        "tandem_dualwrite_handoff_total",
                        "resilience4j_circuitbreaker_state",
                        "tandem_dualwrite_spool_bytes",
                        "tandem_dualwrite_spool_fill_ratio",
                        "tandem_dualwrite_outbox_oldest_age_seconds",
                        "tandem_migration_phase")
                .doesNotContain("tandem_dualwrite_breaker_state");
        assertThat(BinderMeters.states()).contains("closed", "open", "half_open");
        assertThat(BinderMeters.breakerName()).isEqualTo("tandem-secondary");
    }

    @Test
    void everyDeclaredMeterOfTheRetryConsumerAndTheLibraryIsFoundWithItsType() {
        Map<String, Map<String, String>> declared = ExportedMetrics.declaredNames();
        List<String> names = new ArrayList<>();
        ExportedMetrics.fromSources().forEach(m -> names.add(m.name()));
        for (String module : List.of("retry-consumer", "spring-boot-starter")) {
            assertThat(declared).containsKey(module);
            List<String> ours = declared.get(module).values().stream()
                    .filter(name -> !name.startsWith(ExportedMetrics.BINDER_PREFIX))
                    .toList();
            assertThat(names)
                    .as("meters of " + module + " whose registration was found")
                    .containsAll(ours);
            assertThat(declared.get(module).values())
                    .filteredOn(name -> name.startsWith(ExportedMetrics.BINDER_PREFIX))
                    .allSatisfy(name -> assertThat(BinderMeters.registers(name))
                            .as(name + " is registered by resilience4j's binder")
                            .isTrue());
        }
    }

    @Test
    void typeIsTakenFromTheCallThatRegistersTheMeter() {
        List<Path> sources = Repository.mainSources("retry-consumer");
        assertThat(ExportedMetrics.typeOf("RECORDS", sources))
                .hasValue(new ExportedMetrics.Typed(ExportedMetrics.Type.COUNTER, null));
        assertThat(ExportedMetrics.typeOf("BATCH", sources))
                .hasValue(new ExportedMetrics.Typed(ExportedMetrics.Type.TIMER, null, true));
        assertThat(ExportedMetrics.typeOf("LAG_SECONDS", sources))
                .hasValue(new ExportedMetrics.Typed(ExportedMetrics.Type.GAUGE, "seconds"));
        assertThat(ExportedMetrics.typeOf("NO_SUCH_METER", sources)).isEmpty();
    }

    @Test
    void expressionsNamingAnUnknownSeriesOrTagValueAreRejected() {
        Expressions expressions = Expressions.ofCode();
        assertThat(expressions.problems("t", "tandem_retry_status{status=\"STALLED\"} == 1"))
                .isEmpty();
        assertThat(expressions.problems("t", "rate(tandem_retry_records[5m])")).hasSize(1);
        assertThat(expressions.problems("t", "tandem_retry_status{status=\"STALED\"} == 1"))
                .hasSize(1);
        assertThat(expressions.problems("t", "tandem_retry_status{state=\"STALLED\"} == 1"))
                .hasSize(1);
        assertThat(expressions.problems("t", "resilience4j_circuitbreaker_state{state=~\"open|half_open\"}"))
                .isEmpty();
        assertThat(expressions.problems("t", "resilience4j_circuitbreaker_state{state=~\"OPEN|half_open\"}"))
                .hasSize(1);
        assertThat(expressions.problems("t", "tandem_dualwrite_breaker_state == 1"))
                .hasSize(1);
        assertThat(expressions.problems("t", "vector(1)")).hasSize(1);
    }

    @Test
    void reconcilerDeclaresTheMetersTheStackExpects() {
        Map<String, String> declared = ExportedMetrics.declaredNames().get("reconciler");
        assumeTrue(
                declared != null,
                "the reconciler declares no *MetricNames class yet; the stack relies on the agreed names "
                        + ExportedMetrics.RECONCILER_AGREED.stream()
                                .map(ExportedMetrics.Meter::name)
                                .toList());
        List<ExportedMetrics.Meter> fromSources = ExportedMetrics.fromSources().stream()
                .filter(m -> m.declaredIn().equals("reconciler"))
                .toList();
        for (ExportedMetrics.Meter agreed : ExportedMetrics.RECONCILER_AGREED) {
            assertThat(fromSources)
                    .as("the reconciler registers " + agreed.name() + " as a " + agreed.type())
                    .anySatisfy(m -> {
                        assertThat(m.name()).isEqualTo(agreed.name());
                        assertThat(m.prometheusNames()).isEqualTo(agreed.prometheusNames());
                    });
        }
    }
}
