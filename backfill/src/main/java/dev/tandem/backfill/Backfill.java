package dev.tandem.backfill;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.pace.BusyProbe;
import dev.tandem.core.pace.Throttle;
import dev.tandem.core.source.TablePairing;
import dev.tandem.core.work.WorkerId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a backfill: tables in dependency order (independent ones side by side), each split into
 * chunks once (the plan is checkpointed), the chunks not yet done copied by a pool of workers,
 * verified, and checkpointed. Stopping (or killing) a run leaves unfinished chunks pending; the
 * next run resumes with them and never copies a finished chunk again.
 */
public final class Backfill implements BackfillRun {

    private static final Logger log = LoggerFactory.getLogger(Backfill.class);
    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final BackfillSides sides;
    private final DataSource secondary;
    private final Checkpoints checkpoints;
    private final BackfillOptions options;
    private final Throttle throttle;
    private final Map<String, TableProgress> progress = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    /** @param probe how busy the primary is */
    public Backfill(BackfillSides sides, BackfillOptions options, BusyProbe probe) {
        this.sides = sides;
        this.secondary = sides.secondary();
        this.checkpoints = sides.checkpoints();
        this.options = options;
        this.throttle = options.throttle(probe);
    }

    /** Asks the run to stop: workers leave their chunks after the current batch; those stay pending. */
    @Override
    public void stop() {
        stopped = true;
    }

    /** The progress of every table this run has reached. */
    @Override
    public List<TableProgress> progress() {
        return List.copyOf(progress.values());
    }

    /** How many times workers paused because the primary was busy. */
    @Override
    public long busyPauses() {
        return throttle.pauses();
    }

    /**
     * Backfills {@code tables}; returns when every chunk is done (or failed its verification for the
     * last time), or once stopped.
     *
     * @throws IllegalArgumentException naming a table, column or dependency that does not fit
     */
    @Override
    public BackfillResult run(List<BackfillTable> tables) throws Exception {
        String runId = RUN_TIME.format(Instant.now()) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        List<List<BackfillTable>> levels = TableOrder.levels(tables);
        checkpoints.create();
        log.info(
                "Backfill run {}: {} table(s) in {} level(s), {} worker(s)",
                runId,
                tables.size(),
                levels.size(),
                options.workers());
        List<TableOutcome> outcomes = new ArrayList<>();
        ExecutorService workers =
                Executors.newFixedThreadPool(options.workers(), DaemonThreads.numbered("tandem-backfill"));
        ScheduledExecutorService logger =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tandem-backfill-progress"));
        long every = options.progressInterval().toMillis();
        logger.scheduleAtFixedRate(this::logProgress, every, every, TimeUnit.MILLISECONDS);
        try {
            for (List<BackfillTable> level : levels) {
                List<TableOutcome> levelOutcomes = runLevel(level, runId, workers);
                outcomes.addAll(levelOutcomes);
                if (stopped || levelOutcomes.stream().anyMatch(o -> o.error() != null)) {
                    break; // later levels depend on this one
                }
            }
        } finally {
            workers.shutdownNow();
            logger.shutdownNow();
        }
        BackfillResult result = new BackfillResult(runId, stopped, outcomes);
        log.info("Backfill run {} {}", runId, stopped ? "stopped" : result.complete() ? "complete" : "incomplete");
        return result;
    }

    private List<TableOutcome> runLevel(List<BackfillTable> level, String runId, ExecutorService workers)
            throws Exception {
        List<TableRun> runs = new ArrayList<>();
        for (BackfillTable table : level) {
            runs.add(prepare(table));
        }
        // Chunks of the level's tables interleaved, so that independent tables advance together.
        List<Future<?>> futures = new ArrayList<>();
        Map<Future<?>, TableRun> owners = new java.util.IdentityHashMap<>();
        int longest = runs.stream().mapToInt(r -> r.pending.size()).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (TableRun run : runs) {
                if (i < run.pending.size()) {
                    ChunkState chunk = run.pending.get(i);
                    Future<?> future = workers.submit(() -> {
                        run.copy(chunk, runId);
                        return null;
                    });
                    futures.add(future);
                    owners.put(future, run);
                }
            }
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (!(cause instanceof BackfillStoppedException)) {
                    TableRun run = owners.get(future);
                    run.error = run.error == null ? String.valueOf(cause) : run.error;
                    log.error("Backfill of {} failed", run.table.name(), cause);
                }
            }
        }
        List<TableOutcome> outcomes = new ArrayList<>();
        for (TableRun run : runs) {
            outcomes.add(run.finish());
        }
        return outcomes;
    }

    private TableRun prepare(BackfillTable table) throws Exception {
        TablePairing pairing = TablePairing.of(sides.primary(), secondary, table.spec(), sides.mapping());
        TableProgress tableProgress = new TableProgress(table.name());
        List<ChunkState> states = planned(sides.primary(), checkpoints, table, options);
        List<ChunkState> pending = states.stream()
                .filter(s -> s.status() != ChunkState.Status.DONE)
                .toList();
        List<ChunkState> done = states.stream()
                .filter(s -> s.status() == ChunkState.Status.DONE)
                .toList();
        tableProgress.planned(
                states.stream().mapToLong(s -> s.chunk().plannedRows()).sum(),
                states.size(),
                done.stream().mapToLong(ChunkState::rowsCopied).sum(),
                done.size());
        progress.put(table.name(), tableProgress);
        if (!done.isEmpty()) {
            log.info(
                    "Backfill of {}: resuming, {} of {} chunk(s) already done",
                    table.name(),
                    done.size(),
                    states.size());
        }
        DeferredIndexes indexes = new DeferredIndexes(secondary, checkpoints);
        DeferredIndexes.Deferral deferral = options.deferIndexes() && !pending.isEmpty()
                ? indexes.defer(pairing.secondaryTable())
                : new DeferredIndexes.Deferral(List.of(), List.of());
        ChunkWork work = pending.isEmpty()
                ? null
                : ChunkWork.of(sides, table, options, throttle, tableProgress, WorkerId.local());
        return new TableRun(
                table, pairing, work, tableProgress, pending, done.size(), indexes, deferral, () -> stopped);
    }

    /** The chunks of {@code table} as checkpointed; planned (and checkpointed) first if it never was. */
    static List<ChunkState> planned(
            DataSource primary, Checkpoints checkpoints, BackfillTable table, BackfillOptions options)
            throws Exception {
        List<ChunkState> states = checkpoints.chunks(table.name());
        if (states.isEmpty()) {
            long started = System.nanoTime();
            List<Chunk> plan = ChunkPlanner.plan(table.name(), ChunkCopier.reader(primary, table), options.chunkRows());
            checkpoints.plan(plan);
            states = checkpoints.chunks(table.name());
            log.info(
                    "Backfill of {}: {} rows in {} chunk(s), planned in {} ms",
                    table.name(),
                    plan.stream().mapToLong(Chunk::plannedRows).sum(),
                    plan.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return states;
    }

    private void logProgress() {
        progress.values().stream()
                .filter(p -> p.chunksDone() < p.chunks())
                .forEach(p -> log.info("Backfill {}", p.describe()));
    }
}
