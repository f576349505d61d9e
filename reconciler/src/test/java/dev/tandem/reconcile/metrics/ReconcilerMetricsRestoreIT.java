package dev.tandem.reconcile.metrics;

import static dev.tandem.reconcile.metrics.Runs.compared;
import static dev.tandem.reconcile.metrics.Runs.failed;
import static dev.tandem.reconcile.metrics.Runs.gauge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.reconcile.run.RepairSummary;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.TableRecord;
import dev.tandem.reconcile.store.RunStore;
import dev.tandem.testkit.EmbeddedServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** After a restart the meters say what the run store kept: the overdue and differences alerts survive it. */
class ReconcilerMetricsRestoreIT {

    private final String database = "metrics_" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aRestartOnPostgreSqlRestoresTheLastRunAndEachTablesLatestComparison() throws Exception {
        restoresAfterARestart(EmbeddedServices.postgres().dataSource(database));
    }

    @Test
    void aRestartOnMariaDbRestoresTheLastRunAndEachTablesLatestComparison() throws Exception {
        restoresAfterARestart(EmbeddedServices.mariaDb().dataSource(database));
    }

    private static void restoresAfterARestart(DataSource dataSource) throws Exception {
        RunStore store = new RunStore(dataSource);
        store.create();
        Instant first = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        // A full run with differences in orders, then one of payments only, then one in which orders failed,
        // then a run that never finished (the reconciler stopped during it).
        finish(store, first, RunVerdict.DIFFERENCES, compared("orders", 4, 1, 0), compared("payments", 0, 0, 0));
        finish(store, first.plusSeconds(3600), RunVerdict.CLEAN, compared("payments", 0, 0, 2));
        Instant last = first.plusSeconds(7200);
        finish(store, last, RunVerdict.FAILED, failed("orders"));
        store.start("schedule", last.plusSeconds(60));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ReconcilerMetrics metrics = new ReconcilerMetrics(registry);
        metrics.restore(store.lastFinished(), store.latestComparisons(List.of("orders", "payments", "refunds")));

        assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_FINISHED)).isEqualTo((double) last.getEpochSecond());
        assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_VERDICT, "verdict", "FAILED"))
                .isEqualTo(1.0);
        assertThat(gauge(registry, ReconcilerMetricNames.LAST_RUN_VERDICT, "verdict", "CLEAN"))
                .isZero();
        assertThat(gauge(registry, ReconcilerMetricNames.CONFIRMED, "table", "orders", "kind", "MISSING_IN_SECONDARY"))
                .isEqualTo(4.0);
        assertThat(gauge(registry, ReconcilerMetricNames.CONFIRMED, "table", "orders", "kind", "VALUE_MISMATCH"))
                .isEqualTo(1.0);
        assertThat(gauge(registry, ReconcilerMetricNames.IN_FLIGHT, "table", "payments"))
                .isEqualTo(2.0);
        assertThat(gauge(registry, ReconcilerMetricNames.IN_FLIGHT, "table", "refunds"))
                .isNull();
    }

    private static void finish(RunStore store, Instant finishedAt, RunVerdict verdict, TableRecord... tables)
            throws Exception {
        Instant started = finishedAt.minusSeconds(30);
        long id = store.start("schedule", started);
        store.finish(new RunRecord(
                id, "schedule", started, finishedAt, verdict, false, RepairSummary.NONE, List.of(tables), null));
    }
}
