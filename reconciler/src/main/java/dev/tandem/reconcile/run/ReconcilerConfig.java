package dev.tandem.reconcile.run;

import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link Reconciler} compares and how, validated when built: {@code
 * ReconcilerConfig.custom().tables(…).sides(…).store(…).build()}.
 *
 * @param tables the tables compared, each once
 * @param sides the stores as configured: which is the primary, how they are compared, where pending
 *     keys are read and repairs published (this tells whether repairs can be published at all)
 * @param chooser chooses each run's sides (the migration's phase may reverse them); by default
 *     always {@code sides}
 * @param store where runs are recorded
 * @param repairVerifyTimeout how long a published repair may take to reach the secondary before the
 *     run reports it unverified
 * @param incremental when tables with an updated-at column are compared incrementally
 * @param samplesPerTable differences kept per table in the stored record
 * @param listener told of every finished run (metrics, the migration's verdict)
 * @param clock the time runs are stamped with
 * @param comparer how each table is compared: in this process by default
 * @param abandonedAfter how long a run's process may go without refreshing the run's heartbeat
 *     before another counts it as dead (the run is then marked abandoned, or a distributed one
 *     continued); the heartbeat is refreshed every quarter of it. It must exceed the clocks'
 *     difference between the hosts that run against one run store.
 */
public record ReconcilerConfig(
        List<TableSpec> tables,
        RunSides sides,
        RunSides.Chooser chooser,
        RunStore store,
        Duration repairVerifyTimeout,
        Reconciler.Incremental incremental,
        int samplesPerTable,
        Reconciler.RunListener listener,
        Clock clock,
        TableComparer comparer,
        Duration abandonedAfter) {

    public ReconcilerConfig {
        Objects.requireNonNull(tables, "tables");
        tables = List.copyOf(tables);
        Set<String> names = new HashSet<>();
        for (TableSpec table : tables) {
            if (!names.add(table.table().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("tables: table '" + table.table() + "' is configured twice");
            }
        }
        Objects.requireNonNull(sides, "sides");
        Objects.requireNonNull(store, "store");
        requireNotNegative("repairVerifyTimeout", repairVerifyTimeout);
        Objects.requireNonNull(incremental, "incremental");
        requireNotNegative("incremental overlap", incremental.overlap());
        requireNotNegative("incremental fullRunEvery", incremental.fullRunEvery());
        if (samplesPerTable < 0) {
            throw new IllegalArgumentException("samplesPerTable must not be negative but was " + samplesPerTable);
        }
        chooser = chooser == null ? new Fixed(sides) : chooser;
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        comparer = comparer == null ? TableComparer.IN_PROCESS : comparer;
        if (abandonedAfter == null || abandonedAfter.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "abandonedAfter must be at least 100 ms (the heartbeat is refreshed every quarter of it) but was "
                            + abandonedAfter);
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or a positive duration but was " + value);
        }
    }

    /**
     * Starts from the defaults of {@code tandem.reconciler.*}: repairs verified within 60 s, incremental
     * runs looking back 10 min, full runs every 7 days, 20 samples per table, a run's process counted
     * as dead 30 s after its last heartbeat.
     */
    public static Builder custom() {
        return new Builder();
    }

    /** The sides as configured, every run. */
    private record Fixed(RunSides sides) implements RunSides.Chooser {
        @Override
        public RunSides choose() {
            return sides;
        }
    }

    /** Builds a {@link ReconcilerConfig}; {@link #build()} validates it. */
    public static final class Builder {
        private List<TableSpec> tables = List.of();
        private RunSides sides;
        private RunSides.Chooser chooser;
        private RunStore store;
        private Duration repairVerifyTimeout = Duration.ofSeconds(60);
        private Reconciler.Incremental incremental =
                new Reconciler.Incremental(Duration.ofMinutes(10), Duration.ofDays(7));
        private int samplesPerTable = 20;
        private Reconciler.RunListener listener = run -> {};
        private Clock clock = Clock.systemUTC();
        private TableComparer comparer = TableComparer.IN_PROCESS;
        private Duration abandonedAfter = Duration.ofSeconds(30);

        private Builder() {}

        public Builder tables(List<TableSpec> tables) {
            this.tables = tables;
            return this;
        }

        public Builder sides(RunSides sides) {
            this.sides = sides;
            return this;
        }

        public Builder chooser(RunSides.Chooser chooser) {
            this.chooser = chooser;
            return this;
        }

        public Builder store(RunStore store) {
            this.store = store;
            return this;
        }

        public Builder repairVerifyTimeout(Duration repairVerifyTimeout) {
            this.repairVerifyTimeout = repairVerifyTimeout;
            return this;
        }

        public Builder incremental(Reconciler.Incremental incremental) {
            this.incremental = incremental;
            return this;
        }

        public Builder samplesPerTable(int samplesPerTable) {
            this.samplesPerTable = samplesPerTable;
            return this;
        }

        public Builder listener(Reconciler.RunListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder comparer(TableComparer comparer) {
            this.comparer = comparer;
            return this;
        }

        public Builder abandonedAfter(Duration abandonedAfter) {
            this.abandonedAfter = abandonedAfter;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException naming the setting that is invalid
         * @throws NullPointerException naming a required setting that is missing (sides, store)
         */
        public ReconcilerConfig build() {
            return new ReconcilerConfig(
                    tables,
                    sides,
                    chooser,
                    store,
                    repairVerifyTimeout,
                    incremental,
                    samplesPerTable,
                    listener,
                    clock,
                    comparer,
                    abandonedAfter);
        }
    }
}
