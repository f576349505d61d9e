package dev.tandem.reconcile.run;

import dev.tandem.core.Mutation;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.pending.PendingKeys;
import dev.tandem.reconcile.store.RunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reconciliation of the configured tables, one at a time: compares each table, counts
 * differences whose row has a write pending on the retry topic as in flight, repairs on request, and
 * stores the run. One run at a time per reconciler.
 */
public final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final List<TableSpec> tables;
    private final RunSides.Chooser sides;
    private final boolean canPublish;
    private final RunStore store;
    private final Duration repairVerifyTimeout;
    private final Incremental incremental;
    private final int samplesPerTable;
    private final RunListener listener;
    private final Clock clock;
    private final TableComparer comparer;
    private final Duration heartbeatEvery;
    private final UnfinishedRuns unfinished;
    private final AtomicBoolean running = new AtomicBoolean();

    /** A reconciler as {@code config} says: {@code new Reconciler(ReconcilerConfig.custom()…build())}. */
    public Reconciler(ReconcilerConfig config) {
        this.tables = config.tables();
        this.sides = config.chooser();
        this.canPublish = config.sides().publisher().isPresent();
        this.store = config.store();
        this.repairVerifyTimeout = config.repairVerifyTimeout();
        this.incremental = config.incremental();
        this.samplesPerTable = config.samplesPerTable();
        this.listener = config.listener();
        this.clock = config.clock();
        this.comparer = config.comparer();
        this.heartbeatEvery = config.abandonedAfter().dividedBy(4);
        this.unfinished = new UnfinishedRuns(store, clock, config.abandonedAfter());
    }

    /**
     * When tables with an updated-at column are compared incrementally.
     *
     * @param overlap how far before the last clean run's start the rows changed are looked at
     * @param fullRunEvery how long after the last clean full run the next run is full again
     */
    public record Incremental(Duration overlap, Duration fullRunEvery) {}

    /** Told of every finished run. */
    @FunctionalInterface
    public interface RunListener {
        void finished(RunRecord run);
    }

    /**
     * Runs now.
     *
     * @param trigger what started it, as stored
     * @param only the tables to compare (their configured names); all when empty
     * @param repair whether and how to repair what is confirmed
     * @param full compare every table in full, even those that could be compared incrementally
     * @throws RunInProgressException if this reconciler is already running
     * @throws IllegalArgumentException naming tables that are not configured, or a repair that cannot run
     */
    public RunRecord run(String trigger, Set<String> only, RepairMode repair, boolean full) throws Exception {
        return start(trigger, only, repair, full).call();
    }

    /**
     * Starts a run: takes this reconciler's one run slot and stores the run as {@code RUNNING}; the
     * returned run compares when called, on any thread, and frees the slot. Runs left {@code RUNNING} by
     * a process that died are marked {@link RunVerdict#ABANDONED}, but for a distributed run of the same
     * tables, which this one continues under its id when its coordinator is found dead.
     *
     * @param trigger what started it, as stored
     * @param only the tables to compare (their configured names); all when empty
     * @param repair whether and how to repair what is confirmed
     * @param full compare every table in full, even those that could be compared incrementally
     * @throws RunInProgressException if this reconciler is already running, or the coordinator of the
     *     distributed run this one would continue is alive
     * @throws IllegalArgumentException naming tables that are not configured, or a repair that cannot run
     */
    public StartedRun start(String trigger, Set<String> only, RepairMode repair, boolean full) throws Exception {
        List<TableSpec> selected = check(only, repair);
        if (!running.compareAndSet(false, true)) {
            throw new RunInProgressException();
        }
        RunHeartbeat heartbeat = null;
        try {
            RunSides run = sides.choose();
            StoreNames stores = run.comparison().stores();
            String owner = RunHeartbeat.newOwner();
            String scope = comparer.continuesRuns() ? UnfinishedRuns.scope(selected, full, repair) : null;
            Optional<RunStore.Unfinished> continued =
                    scope == null ? Optional.empty() : unfinished.continuable(scope, owner);
            long id;
            String runTrigger;
            Instant started;
            if (continued.isPresent()) {
                RunStore.Unfinished left = continued.get();
                id = left.id();
                runTrigger = left.trigger();
                started = left.startedAt();
                log.info(
                        "Run {} ({}, started {}) is being continued: its coordinator {} stopped (last heard of at {})"
                                + " before the run finished; tables already published keep their segments and the"
                                + " workers' results, {} table(s) in all",
                        id,
                        runTrigger,
                        started,
                        left.owner(),
                        left.lastHeardOf(),
                        selected.size());
            } else {
                runTrigger = trigger;
                started = clock.instant();
                id = store.start(trigger, started, owner, scope);
                if (run.direction() == null) {
                    log.info("Run {} ({}) started: {} table(s)", id, trigger, selected.size());
                } else {
                    log.info("Run {} ({}) started: {} table(s), {}", id, trigger, selected.size(), run.direction());
                }
            }
            heartbeat = RunHeartbeat.start(id, owner, store, clock, heartbeatEvery);
            unfinished.abandonStale(id);
            RunHeartbeat beating = heartbeat;
            return new StartedRun(id, () -> {
                try {
                    return compare(new Started(id, runTrigger, started, stores, beating), run, selected, repair, full);
                } finally {
                    beating.close();
                    running.set(false);
                }
            });
        } catch (Exception | Error e) {
            if (heartbeat != null) {
                heartbeat.close();
            }
            running.set(false);
            throw e;
        }
    }

    /** A run just started (or continued), and its heartbeat. */
    private record Started(long id, String trigger, Instant at, StoreNames stores, RunHeartbeat heartbeat) {}

    private RunRecord compare(Started start, RunSides sides, List<TableSpec> selected, RepairMode repair, boolean full)
            throws Exception {
        long id = start.id();
        Instant started = start.at();
        TableReconciliation comparison = sides.comparison();
        Map<TableSpec, TableResult> results = new LinkedHashMap<>();
        List<TableRecord> failed = new ArrayList<>();
        Map<String, Integer> positions = new LinkedHashMap<>();
        Map<TableSpec, RunStore.Watermark> watermarks = new LinkedHashMap<>();
        for (TableSpec spec : selected) {
            start.heartbeat().ensureOwned();
            positions.put(spec.table(), positions.size());
            long tableStarted = System.nanoTime();
            try {
                Optional<RunStore.Watermark> watermark =
                        spec.updatedAtColumn() == null || full ? Optional.empty() : store.watermark(spec.table());
                Instant since = watermark
                        .filter(w ->
                                w.lastFullAt().plus(incremental.fullRunEvery()).isAfter(started))
                        .map(w -> w.cleanFrom().minus(incremental.overlap()))
                        .orElse(null);
                watermark.ifPresent(w -> watermarks.put(spec, w));
                if (since != null) {
                    log.info("Run {}: table {} compared incrementally, rows changed since {}", id, spec.table(), since);
                }
                results.put(spec, comparer.compare(id, spec, since, comparison));
            } catch (InterruptedException e) {
                log.warn(
                        "Run {} stopped while comparing {} ({}): left RUNNING; {}",
                        id,
                        spec.table(),
                        e.getMessage(),
                        comparer.continuesRuns()
                                ? "a coordinator started again continues it"
                                : "the next run marks it " + RunVerdict.ABANDONED);
                throw e;
            } catch (IllegalArgumentException e) {
                // A table or column that does not exist, a table without a key: the message says it all.
                log.error("Run {}: table {} could not be compared: {}", id, spec.table(), e.getMessage());
                failed.add(
                        TableRecord.failed(spec.table(), (System.nanoTime() - tableStarted) / 1_000_000, describe(e)));
            } catch (Exception e) {
                log.error("Run {}: table {} could not be compared", id, spec.table(), e);
                failed.add(
                        TableRecord.failed(spec.table(), (System.nanoTime() - tableStarted) / 1_000_000, describe(e)));
            }
        }
        start.heartbeat().ensureOwned();
        boolean pendingChecked = checkPending(sides, results);
        RepairSummary repaired = repair == RepairMode.NONE ? RepairSummary.NONE : repair(id, sides, results, repair);
        List<TableRecord> records = new ArrayList<>();
        results.values().forEach(r -> records.add(TableRecord.of(r, samplesPerTable)));
        records.addAll(failed);
        records.sort((a, b) -> Integer.compare(positions.get(a.table()), positions.get(b.table())));
        RunRecord run = new RunRecord(
                id,
                start.trigger(),
                started,
                clock.instant(),
                RunRecord.verdictOf(records),
                pendingChecked,
                repaired,
                records,
                sides.direction(),
                tables.stream().map(TableSpec::table).toList(),
                start.stores());
        store.finish(run, start.heartbeat().owner());
        advanceWatermarks(results, watermarks, started);
        log.info(
                "Run {} finished: {} in {} s, {} rows compared, {} differences found, {} in flight, {} confirmed{}",
                id,
                run.verdict(),
                run.took().toSeconds(),
                run.rowsCompared(),
                run.found(),
                run.inFlight(),
                run.confirmed(),
                repair == RepairMode.NONE ? "" : ", repair " + repaired);
        listener.finished(run);
        return run;
    }

    /**
     * Tables found clean (nothing confirmed, nothing left unchecked) are known equal up to this run's
     * start; the next incremental run looks from there. A table with differences keeps its old
     * watermark, so the next run finds them again until they are repaired.
     */
    private void advanceWatermarks(
            Map<TableSpec, TableResult> results, Map<TableSpec, RunStore.Watermark> read, Instant started)
            throws Exception {
        for (Map.Entry<TableSpec, TableResult> entry : results.entrySet()) {
            TableSpec spec = entry.getKey();
            TableResult result = entry.getValue();
            if (spec.updatedAtColumn() == null || result.confirmedTotal() > 0 || result.truncated()) {
                continue;
            }
            // An incremental run was chosen from the watermark read at its start; a full run is a new full.
            Instant lastFull = result.since() == null ? started : read.get(spec).lastFullAt();
            store.saveWatermark(spec.table(), new RunStore.Watermark(started, lastFull));
        }
    }

    /** Moves confirmed differences whose row has a write pending on the retry topic to in flight. */
    private boolean checkPending(RunSides sides, Map<TableSpec, TableResult> results) {
        Optional<PendingKeys> pendingKeys = sides.pendingKeys();
        if (pendingKeys.isEmpty() || results.values().stream().allMatch(r -> r.confirmedTotal() == 0)) {
            return false;
        }
        Optional<Set<String>> pending = pendingKeys.get().scan();
        if (pending.isEmpty()) {
            return false;
        }
        results.replaceAll((spec, result) -> result.withInFlight(
                d -> pending.get().contains(PendingKeys.rowOf(result.table(), result.keyColumns(), d.key()))));
        return true;
    }

    private RepairSummary repair(long id, RunSides sides, Map<TableSpec, TableResult> results, RepairMode mode)
            throws Exception {
        Map<TableSpec, List<Mutation>> planned = new LinkedHashMap<>();
        List<PlannedRepair> listed = new ArrayList<>();
        long count = 0;
        for (Map.Entry<TableSpec, TableResult> entry : results.entrySet()) {
            TableResult result = entry.getValue();
            if (result.truncated()) {
                log.warn(
                        "Run {}: table {} had more differences than were re-checked; only those are repaired,"
                                + " run again after the repair",
                        id,
                        result.table());
            }
            List<Mutation> repairs =
                    sides.planner().plan(entry.getKey(), result.keyColumns(), result.confirmedDifferences());
            planned.put(entry.getKey(), repairs);
            count += repairs.size();
            repairs.stream()
                    .limit(Math.max(0, PlannedRepair.LISTED - listed.size()))
                    .forEach(r -> listed.add(PlannedRepair.of(r)));
            repairs.forEach(r -> log.info(
                    "Run {}: {} {}",
                    id,
                    mode == RepairMode.DRY_RUN ? "would publish" : "publishing",
                    r.describe()
                            + (r.isDelete()
                                    ? ""
                                    : " with columns " + r.columns().keySet())));
        }
        if (mode == RepairMode.DRY_RUN || count == 0) {
            log.info("Run {}: {} repair(s) {}", id, count, mode == RepairMode.DRY_RUN ? "planned (dry run)" : "needed");
            return new RepairSummary(mode, count, 0, 0, 0, listed);
        }
        List<Mutation> all = planned.values().stream().flatMap(List::stream).toList();
        sides.publisher().orElseThrow().publish(all);
        log.info("Run {}: {} repair(s) published; re-verifying the repaired rows", id, all.size());
        long remaining = verify(sides.comparison(), planned);
        return new RepairSummary(mode, count, count, count - remaining, remaining, listed);
    }

    /** Re-compares the repaired rows until they are all equal or the timeout passes; returns those still different. */
    private long verify(TableReconciliation comparison, Map<TableSpec, List<Mutation>> planned) throws Exception {
        long deadline = System.nanoTime() + repairVerifyTimeout.toNanos();
        Map<TableSpec, TableReconciliation.RowCheck> checks = new LinkedHashMap<>();
        for (TableSpec spec : planned.keySet()) {
            checks.put(spec, comparison.rowCheck(spec));
        }
        Map<TableSpec, List<List<Object>>> open = new LinkedHashMap<>();
        planned.forEach((spec, repairs) -> open.put(
                spec,
                repairs.stream()
                        .map(r -> (List<Object>) new ArrayList<Object>(r.key().values()))
                        .toList()));
        while (true) {
            long remaining = 0;
            for (Map.Entry<TableSpec, List<List<Object>>> entry : open.entrySet()) {
                entry.setValue(checks.get(entry.getKey()).stillDifferent(entry.getValue()));
                remaining += entry.getValue().size();
            }
            if (remaining == 0 || System.nanoTime() > deadline) {
                if (remaining > 0) {
                    open.forEach((spec, keys) -> keys.forEach(
                            key -> log.warn("Repair of {} {} not verified: the row still differs", spec.table(), key)));
                }
                return remaining;
            }
            Thread.sleep(500);
        }
    }

    /** Whether a run is in progress. */
    public boolean isRunning() {
        return running.get();
    }

    /**
     * The tables a run of {@code only} compares.
     *
     * @throws IllegalArgumentException naming tables that are not configured, or a repair that cannot run
     */
    public List<TableSpec> check(Set<String> only, RepairMode repair) {
        if (repair == RepairMode.EXECUTE && !canPublish) {
            throw new IllegalArgumentException(
                    "Repairs are published to the retry topic: set spring.kafka.bootstrap-servers to execute them");
        }
        return select(only);
    }

    private List<TableSpec> select(Set<String> only) {
        if (only.isEmpty()) {
            return tables;
        }
        List<String> unknown = only.stream()
                .filter(t -> tables.stream().noneMatch(s -> s.table().equalsIgnoreCase(t)))
                .sorted()
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "Not configured in tandem.reconciler.tables: " + unknown + "; configured are "
                            + tables.stream().map(TableSpec::table).toList());
        }
        return tables.stream()
                .filter(s -> only.stream().anyMatch(t -> t.equalsIgnoreCase(s.table())))
                .toList();
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getCause() != null
                        && e.getCause().getMessage() != null
                        && !message.contains(e.getCause().getMessage())
                ? message + ": " + e.getCause().getMessage()
                : message;
    }
}
