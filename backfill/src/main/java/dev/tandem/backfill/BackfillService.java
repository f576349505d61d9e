package dev.tandem.backfill;

import dev.tandem.core.pace.BusyProbe;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Starts backfill runs of the configured tables (one at a time) and publishes their progress as
 * gauges per table: rows done, rows planned, rows per second, ETA.
 */
public final class BackfillService {

    private final BackfillSides sides;
    private final Checkpoints checkpoints;
    private final BackfillOptions options;
    private final BusyProbe probe;
    private final List<BackfillTable> tables;
    private final BackfillGroup group;
    private volatile BackfillRun current;

    public BackfillService(
            BackfillSides sides,
            BackfillOptions options,
            BusyProbe probe,
            List<BackfillTable> tables,
            MeterRegistry registry) {
        this(sides, options, probe, tables, null, registry);
    }

    /**
     * As the other constructor, runs shared with worker processes through {@code group} when it is not
     * null: {@link #run} coordinates them, {@link #work} is one of them.
     */
    public BackfillService(
            BackfillSides sides,
            BackfillOptions options,
            BusyProbe probe,
            List<BackfillTable> tables,
            BackfillGroup group,
            MeterRegistry registry) {
        this.group = group;
        this.sides = sides;
        this.checkpoints = sides.checkpoints();
        this.options = options;
        this.probe = probe;
        this.tables = List.copyOf(tables);
        for (BackfillTable table : this.tables) {
            gauge(registry, BackfillMetricNames.ROWS, table, TableProgress::rows);
            gauge(registry, BackfillMetricNames.ROWS_PLANNED, table, TableProgress::plannedRows);
            gauge(registry, BackfillMetricNames.RATE, table, TableProgress::rowsPerSecond);
            gauge(registry, BackfillMetricNames.ETA, table, p -> p.etaSeconds().orElse(0));
        }
        Gauge.builder(BackfillMetricNames.PAUSES, this, s -> s.current == null ? 0 : s.current.busyPauses())
                .register(registry);
    }

    /** The configured tables, in configuration order. */
    public List<BackfillTable> tables() {
        return tables;
    }

    /** The options runs use. */
    public BackfillOptions options() {
        return options;
    }

    /** How runs are shared with worker processes; empty when they run in-process. */
    public Optional<BackfillGroup> group() {
        return Optional.ofNullable(group);
    }

    /**
     * Backfills the tables named (all configured ones when none), telling {@code started} of the run
     * before it begins (to follow its progress or stop it). With a group, the run is coordinated: the
     * workers copy, this process publishes and follows.
     *
     * @throws IllegalArgumentException naming a table that is not configured
     */
    public synchronized BackfillResult run(Set<String> names, Consumer<BackfillRun> started) throws Exception {
        List<BackfillTable> chosen = names.isEmpty()
                ? tables
                : tables.stream()
                        .filter(t -> names.stream().anyMatch(t.name()::equalsIgnoreCase))
                        .toList();
        for (String name : names) {
            if (tables.stream().noneMatch(t -> t.name().equalsIgnoreCase(name))) {
                throw new IllegalArgumentException("Table '" + name + "' is not configured for backfill (configured: "
                        + tables.stream().map(BackfillTable::name).toList() + ")");
            }
        }
        BackfillRun backfill =
                group == null ? new Backfill(sides, options, probe) : new BackfillCoordinator(sides, options, group);
        current = backfill;
        started.accept(backfill);
        return backfill.run(chosen);
    }

    /**
     * A worker of the group over the configured tables, printing a line per chunk to {@code out}; call
     * {@link BackfillWorker#run()} to join.
     *
     * @throws IllegalStateException if runs are not shared with workers
     */
    public BackfillWorker worker(Consumer<String> out) {
        if (group == null) {
            throw new IllegalStateException(
                    "tandem.backfill.distributed.enabled is false: a backfill runs in-process, there is nothing to work for");
        }
        return new BackfillWorker(sides, options, probe, tables, group, out);
    }

    /** Forgets the checkpoints of the tables named, so that their next run copies them afresh. */
    public void forget(Set<String> names) throws Exception {
        checkpoints.create();
        for (BackfillTable table : tables) {
            if (names.isEmpty() || names.stream().anyMatch(table.name()::equalsIgnoreCase)) {
                checkpoints.forget(table.name());
            }
        }
    }

    private void gauge(
            MeterRegistry registry, String name, BackfillTable table, ToDoubleFunction<TableProgress> value) {
        String key = table.name().toLowerCase(Locale.ROOT);
        Gauge.builder(name, this, s -> {
                    BackfillRun run = s.current;
                    if (run == null) {
                        return 0;
                    }
                    return run.progress().stream()
                            .filter(p -> p.table().toLowerCase(Locale.ROOT).equals(key))
                            .findFirst()
                            .map(value::applyAsDouble)
                            .orElse(0.0);
                })
                .tag("table", table.name())
                .register(registry);
    }
}
