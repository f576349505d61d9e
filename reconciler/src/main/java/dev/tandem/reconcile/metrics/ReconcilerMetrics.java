package dev.tandem.reconcile.metrics;

import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.CONFIRMED;
import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.IN_FLIGHT;
import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.LAST_RUN_CONFIRMED;
import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.LAST_RUN_FINISHED;
import static dev.tandem.reconcile.metrics.ReconcilerMetricNames.LAST_RUN_VERDICT;
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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reconciler's meters: rows compared as they go, each table's differences from the latest run
 * that compared it, and the last run's time and verdict, for dashboards and alerts
 * ({@code tandem_reconcile_confirmed_differences > 0}, the overdue and failed-run alerts). What the
 * run store holds is {@linkplain #restore restored} at start-up, so a restart neither clears an alert
 * nor keeps the overdue alert from firing.
 */
public final class ReconcilerMetrics implements ProgressListener, Reconciler.RunListener {

    /** The verdicts a finished run can have. */
    private static final List<RunVerdict> VERDICTS =
            List.of(RunVerdict.CLEAN, RunVerdict.DIFFERENCES, RunVerdict.FAILED);

    private final MeterRegistry registry;
    private final Map<String, Counter> rowsCompared = new ConcurrentHashMap<>();
    private final MultiGauge confirmed;
    private final MultiGauge inFlight;
    /** Each table's counts from the latest run that compared it, in the order first seen. */
    private final Map<String, TableRecord> latestByTable = new LinkedHashMap<>();

    private final AtomicLong lastConfirmed = new AtomicLong();
    private final AtomicLong lastFinished = new AtomicLong();
    private final AtomicReference<RunVerdict> lastVerdict = new AtomicReference<>();
    private final Timer duration;

    public ReconcilerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.confirmed = MultiGauge.builder(CONFIRMED)
                .description("Confirmed differences per table and kind, from the latest run that compared the table")
                .register(registry);
        this.inFlight = MultiGauge.builder(IN_FLIGHT)
                .description("Differences that were in flight, per table, from the latest run that compared it")
                .register(registry);
        Gauge.builder(LAST_RUN_CONFIRMED, lastConfirmed, AtomicLong::get)
                .description("Confirmed differences of the last run, all tables")
                .register(registry);
        Gauge.builder(LAST_RUN_FINISHED, lastFinished, AtomicLong::get)
                .description("When the last run finished, seconds since the epoch (0: none yet)")
                .register(registry);
        for (RunVerdict verdict : VERDICTS) {
            Gauge.builder(LAST_RUN_VERDICT, lastVerdict, last -> last.get() == verdict ? 1 : 0)
                    .description("1 for the verdict of the last finished run, 0 for the others")
                    .tag("verdict", verdict.name())
                    .register(registry);
        }
        this.duration = Timer.builder(RUN_DURATION)
                .description("How long runs take")
                .publishPercentileHistogram()
                .register(registry);
        // Every verdict from 0, so that an alert on increase() sees the first FAILED run.
        for (RunVerdict verdict : VERDICTS) {
            runs(verdict);
        }
    }

    private Counter runs(RunVerdict verdict) {
        return Counter.builder(RUNS)
                .description("Finished runs by verdict")
                .tag("verdict", verdict.name())
                .register(registry);
    }

    /**
     * Sets the gauges from what the run store kept, as if those runs had just finished here: the last
     * finished run's time, verdict and confirmed count, and each table's latest comparison. Counters
     * and the timer start from zero.
     */
    public synchronized void restore(Optional<RunRecord> lastRun, Collection<TableRecord> latestComparisons) {
        latestComparisons.forEach(table -> latestByTable.put(table.table(), table));
        lastRun.ifPresent(this::last);
        publishTables();
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
    public synchronized void finished(RunRecord run) {
        for (TableRecord table : run.tables()) {
            // A table that failed was not compared: its last known differences still stand.
            if (table.error() == null) {
                latestByTable.put(table.table(), table);
            }
        }
        publishTables();
        last(run);
        runs(run.verdict()).increment();
        if (run.took() != null) {
            duration.record(run.took());
        }
    }

    private void last(RunRecord run) {
        lastConfirmed.set(run.confirmed());
        lastFinished.set(run.finishedAt().getEpochSecond());
        lastVerdict.set(run.verdict());
    }

    private void publishTables() {
        List<MultiGauge.Row<?>> confirmedRows = new ArrayList<>();
        List<MultiGauge.Row<?>> inFlightRows = new ArrayList<>();
        for (TableRecord table : latestByTable.values()) {
            confirmedRows.add(row(table, DifferenceKind.MISSING_IN_SECONDARY, table.missing()));
            confirmedRows.add(row(table, DifferenceKind.EXTRA_IN_SECONDARY, table.extra()));
            confirmedRows.add(row(table, DifferenceKind.VALUE_MISMATCH, table.mismatched()));
            inFlightRows.add(MultiGauge.Row.of(Tags.of("table", table.table()), table.inFlight()));
        }
        confirmed.register(confirmedRows, true);
        inFlight.register(inFlightRows, true);
    }

    private static MultiGauge.Row<?> row(TableRecord table, DifferenceKind kind, long count) {
        return MultiGauge.Row.of(Tags.of("table", table.table(), "kind", kind.name()), count);
    }
}
