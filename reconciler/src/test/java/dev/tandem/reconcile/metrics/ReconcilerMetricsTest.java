package dev.tandem.reconcile.metrics;

import static dev.tandem.reconcile.metrics.Runs.compared;
import static dev.tandem.reconcile.metrics.Runs.failed;
import static dev.tandem.reconcile.metrics.Runs.gauge;
import static dev.tandem.reconcile.metrics.Runs.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.reconcile.run.RunVerdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcilerMetricsTest {

    private static final Instant MORNING = Instant.parse("2026-03-02T06:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ReconcilerMetrics metrics = new ReconcilerMetrics(registry);

    @Test
    void aPartialRunKeepsTheOtherTablesDifferenceGauges() {
        metrics.finished(
                run(1, MORNING, RunVerdict.DIFFERENCES, compared("orders", 4, 0, 1), compared("payments", 0, 0, 0)));
        metrics.finished(run(2, MORNING.plusSeconds(60), RunVerdict.CLEAN, compared("payments", 0, 0, 0)));

        assertThat(gauge(registry, ReconcilerMetricNames.CONFIRMED, "table", "orders", "kind", "MISSING_IN_SECONDARY"))
                .isEqualTo(4.0);
        assertThat(gauge(registry, ReconcilerMetricNames.IN_FLIGHT, "table", "orders"))
                .isEqualTo(1.0);
        assertThat(gauge(
                        registry, ReconcilerMetricNames.CONFIRMED, "table", "payments", "kind", "MISSING_IN_SECONDARY"))
                .isZero();
    }

    @Test
    void aTablesNextComparisonReplacesItsGauges() {
        metrics.finished(run(1, MORNING, RunVerdict.DIFFERENCES, compared("orders", 4, 2, 0)));
        metrics.finished(run(2, MORNING.plusSeconds(60), RunVerdict.CLEAN, compared("orders", 0, 0, 0)));

        assertThat(gauge(registry, ReconcilerMetricNames.CONFIRMED, "table", "orders", "kind", "MISSING_IN_SECONDARY"))
                .isZero();
        assertThat(gauge(registry, ReconcilerMetricNames.CONFIRMED, "table", "orders", "kind", "VALUE_MISMATCH"))
                .isZero();
    }

    @Test
    void aTableThatFailedKeepsItsLastKnownDifferences() {
        metrics.finished(run(1, MORNING, RunVerdict.DIFFERENCES, compared("orders", 4, 0, 0)));
        metrics.finished(run(2, MORNING.plusSeconds(60), RunVerdict.FAILED, failed("orders")));

        assertThat(gauge(registry, ReconcilerMetricNames.CONFIRMED, "table", "orders", "kind", "MISSING_IN_SECONDARY"))
                .isEqualTo(4.0);
        assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_VERDICT, "verdict", "FAILED"))
                .isEqualTo(1.0);
    }

    @Test
    void theLastRunsVerdictIsOneAndTheOthersZero() {
        assertThat(List.of("CLEAN", "DIFFERENCES", "FAILED"))
                .allSatisfy(v -> assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_VERDICT, "verdict", v))
                        .isZero());

        metrics.finished(run(1, MORNING, RunVerdict.DIFFERENCES, compared("orders", 4, 0, 0)));
        assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_VERDICT, "verdict", "DIFFERENCES"))
                .isEqualTo(1.0);
        metrics.finished(run(2, MORNING.plusSeconds(60), RunVerdict.CLEAN, compared("orders", 0, 0, 0)));
        assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_VERDICT, "verdict", "DIFFERENCES"))
                .isZero();
        assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_VERDICT, "verdict", "CLEAN"))
                .isEqualTo(1.0);
    }

    @Test
    void restoreSetsTheLastRunAndEachTablesGaugesAsBeforeARestart() {
        metrics.restore(
                Optional.of(run(7, MORNING, RunVerdict.CLEAN, compared("payments", 0, 0, 0))),
                List.of(compared("orders", 3, 0, 0), compared("payments", 0, 0, 0)));

        assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_FINISHED))
                .isEqualTo((double) MORNING.getEpochSecond());
        assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_VERDICT, "verdict", "CLEAN"))
                .isEqualTo(1.0);
        assertThat(gauge(registry, ReconcilerMetricNames.CONFIRMED, "table", "orders", "kind", "MISSING_IN_SECONDARY"))
                .isEqualTo(3.0);
    }

    @Test
    void nothingToRestoreLeavesTheLastRunAtZero() {
        metrics.restore(Optional.empty(), List.of());

        assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_FINISHED)).isZero();
        assertThat(registry.find(ReconcilerMetricNames.CONFIRMED).gauges()).isEmpty();
    }

    @Test
    void runDurationsArePublishedAsAPercentileHistogram() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ReconcilerMetrics(prometheus).finished(run(1, MORNING, RunVerdict.CLEAN, compared("orders", 0, 0, 0)));

        assertThat(prometheus.scrape()).contains("tandem_reconcile_run_duration_seconds_bucket{le=\"+Inf\"} 1");
    }
}
