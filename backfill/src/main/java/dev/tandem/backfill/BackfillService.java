package dev.tandem.backfill;

import dev.tandem.core.SecondaryStore;
import dev.tandem.core.mapping.SchemaMapping;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;

/**
 * Starts backfill runs of the configured tables (one at a time) and publishes their progress as
 * gauges per table: rows done, rows planned, rows per second, ETA.
 */
public final class BackfillService {

    private final DataSource primary;
    private final DataSource secondary;
    private final SecondaryStore store;
    private final Checkpoints checkpoints;
    private final SchemaMapping mapping;
    private final BackfillOptions options;
    private final BusyProbe probe;
    private final List<BackfillTable> tables;
    private volatile Backfill current;

    public BackfillService(
            DataSource primary,
            DataSource secondary,
            SecondaryStore store,
            Checkpoints checkpoints,
            SchemaMapping mapping,
            BackfillOptions options,
            BusyProbe probe,
            List<BackfillTable> tables,
            MeterRegistry registry) {
        this.primary = primary;
        this.secondary = secondary;
        this.store = store;
        this.checkpoints = checkpoints;
        this.mapping = mapping;
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

    /**
     * Backfills the tables named (all configured ones when none), telling {@code started} of the run
     * before it begins (to follow its progress or stop it).
     *
     * @throws IllegalArgumentException naming a table that is not configured
     */
    public synchronized BackfillResult run(Set<String> names, Consumer<Backfill> started) throws Exception {
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
        Backfill backfill = new Backfill(primary, secondary, store, checkpoints, mapping, options, probe);
        current = backfill;
        started.accept(backfill);
        return backfill.run(chosen);
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
                    Backfill run = s.current;
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
