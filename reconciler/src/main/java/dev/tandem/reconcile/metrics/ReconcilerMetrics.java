package dev.tandem.reconcile.metrics;

import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.CONFIRMED;
import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.IN_FLIGHT;
import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.LAST_RUN_CONFIRMED;
import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.LAST_RUN_FINISHED;
import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.ROWS_COMPARED;
import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.RUNS;
import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.RUN_DURATION;

import dev.tandem.core.compare.DifferenceKind;
import dev.tandem.reconcile.run.ProgressListener;
import dev.tandem.reconcile.run.Reconciler;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.TableRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reconciler's meters: rows compared as they go, and the outcome of the last run per table and
 * kind, for dashboards and alerts ({@code tandem_reconcile_confirmed_differences > 0}).
 */
public final class ReconcilerMetrics implements ProgressListener, Reconciler.RunListener {

    private final MeterRegistry registry;
    private final Map<String, Counter> rowsCompared = new ConcurrentHashMap<>();
    private final MultiGauge confirmed;
    private final MultiGauge inFlight;
    private final AtomicLong lastConfirmed = new AtomicLong();
    private final AtomicLong lastFinished = new AtomicLong();
    private final Timer duration;

    public ReconcilerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.confirmed = MultiGauge.builder(CONFIRMED)
                .description("Confirmed differences of the last run, per table and kind")
                .register(registry);
        this.inFlight = MultiGauge.builder(IN_FLIGHT)
                .description("Differences of the last run that were in flight, per table")
                .register(registry);
        Gauge.builder(LAST_RUN_CONFIRMED, lastConfirmed, AtomicLong::get)
                .description("Confirmed differences of the last run, all tables")
                .register(registry);
        Gauge.builder(LAST_RUN_FINISHED, lastFinished, AtomicLong::get)
                .description("When the last run finished, seconds since the epoch (0: none yet)")
                .register(registry);
        this.duration =
                Timer.builder(RUN_DURATION).description("How long runs take").register(registry);
        // Every verdict from 0, so that an alert on increase() sees the first FAILED run.
        for (RunVerdict verdict : List.of(RunVerdict.CLEAN, RunVerdict.DIFFERENCES, RunVerdict.FAILED)) {
            runs(verdict);
        }
    }

    private Counter runs(RunVerdict verdict) {
        return Counter.builder(RUNS)
                .description("Finished runs by verdict")
                .tag("verdict", verdict.name())
                .register(registry);
    }

    @Override
    public void progressed(String table, long moreRows) {
        rowsCompared
                .computeIfAbsent(table, t -> Counter.builder(ROWS_COMPARED)
                        .description("Rows of the primary compared")
                        .tag("table", t)
                        .register(registry))
                .increment(moreRows);
    }

    @Override
    public void finished(RunRecord run) {
        List<MultiGauge.Row<?>> confirmedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> inFlightRows = new ArrayList<>();
        for (TableRecord table : run.tables()) {
            confirmedRows.add(row(table, DifferenceKind.MISSING_IN_SECONDARY, table.missing()));
            confirmedRows.add(row(table, DifferenceKind.EXTRA_IN_SECONDARY, table.extra()));
            confirmedRows.add(row(table, DifferenceKind.VALUE_MISMATCH, table.mismatched()));
            inFlightRows.add(MultiGauge.Row.of(Tags.of("table", table.table()), table.inFlight()));
        }
        confirmed.register(confirmedRows, true);
        inFlight.register(inFlightRows, true);
        lastConfirmed.set(run.confirmed());
        lastFinished.set(run.finishedAt().getEpochSecond());
        runs(run.verdict()).increment();
        duration.record(run.took());
    }

    private static MultiGauge.Row<?> row(TableRecord table, DifferenceKind kind, long count) {
        return MultiGauge.Row.of(Tags.of("table", table.table(), "kind", kind.name()), count);
    }
}
