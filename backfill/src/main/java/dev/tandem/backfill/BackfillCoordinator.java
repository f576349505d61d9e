package dev.tandem.backfill;

import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.source.TablePairing;
import dev.tandem.core.work.TaskTopic;
import dev.tandem.core.work.TaskTopicException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator of a distributed backfill: plans the tables as an in-process run does (key-range
 * chunks, checkpointed in the secondary), publishes every chunk not yet done as a task, level by
 * level of the tables' dependencies, and follows the checkpoints that the workers write until every
 * chunk is done or failed its verification in this run; then recreates deferred indexes and reports.
 * It copies nothing itself. Killed or stopped, it loses nothing: the workers go on with the tasks
 * published, and a coordinator started again continues the same run (the pending chunks record the
 * run that published them), publishes the chunks still not done (a chunk published twice is copied
 * once, the second task finding it done) and follows the run to its end.
 */
public final class BackfillCoordinator implements BackfillRun {

    private static final Logger log = LoggerFactory.getLogger(BackfillCoordinator.class);
    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    private static final long LOOK_EVERY_MILLIS = 500;

    private final DataSource primary;
    private final DataSource secondary;
    private final Checkpoints checkpoints;
    private final SchemaMapping mapping;
    private final BackfillOptions options;
    private final BackfillGroup group;
    private final Map<String, TableProgress> progress = new ConcurrentHashMap<>();
    private final List<TableState> tablesSeen = new CopyOnWriteArrayList<>();
    private volatile List<WorkerShare> workers = List.of();
    private volatile Map<String, Integer> members = Map.of();
    private volatile String runId;
    private volatile boolean stopped;

    /** Plans on {@code sides} (the workers apply through their own stores; this one copies nothing). */
    public BackfillCoordinator(BackfillSides sides, BackfillOptions options, BackfillGroup group) {
        this.primary = sides.primary();
        this.secondary = sides.secondary();
        this.checkpoints = sides.checkpoints();
        this.mapping = sides.mapping();
        this.options = options;
        this.group = group;
    }

    @Override
    public BackfillResult run(List<BackfillTable> tables) throws Exception {
        List<List<BackfillTable>> levels = TableOrder.levels(tables);
        checkpoints.create();
        Optional<String> published = checkpoints.publishedRun(
                tables.stream().map(BackfillTable::name).toList());
        runId = published.orElseGet(() -> RUN_TIME.format(Instant.now()) + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        published.ifPresent(run -> log.info(
                "Backfill run {} published chunks that are still pending: continuing it (its coordinator was"
                        + " stopped or killed)",
                run));
        List<TableOutcome> outcomes = new ArrayList<>();
        try (TaskTopic topic =
                new TaskTopic(group.clients(), group.tasksTopic(), group.group(), group.kafkaTimeout())) {
            int partitions = topic.ensure(group.partitions(), group.replicationFactor());
            log.info(
                    "Backfill run {} (distributed): {} table(s) in {} level(s), tasks on {} ({} partition(s)) for group {}",
                    runId,
                    tables.size(),
                    levels.size(),
                    group.tasksTopic(),
                    partitions,
                    group.group());
            for (List<BackfillTable> level : levels) {
                List<TableOutcome> levelOutcomes = runLevel(level, topic, partitions);
                outcomes.addAll(levelOutcomes);
                if (stopped) {
                    break; // later levels depend on this one
                }
            }
        }
        BackfillResult result = new BackfillResult(runId, stopped, outcomes, workers);
        log.info("Backfill run {} {}", runId, stopped ? "stopped" : result.complete() ? "complete" : "incomplete");
        return result;
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public List<TableProgress> progress() {
        return List.copyOf(progress.values());
    }

    @Override
    public List<String> describe() {
        List<String> lines = new ArrayList<>(BackfillRun.super.describe());
        if (members.isEmpty()) {
            lines.add("no worker in group " + group.group() + " now: start `tandem backfill --worker` on any host");
        } else {
            lines.add(members.size() + " worker(s) in group " + group.group() + ": "
                    + String.join(", ", members.keySet()));
        }
        workers.forEach(w -> lines.add(w.describe()));
        return lines;
    }

    /** The coordinator copies nothing; the workers pause for a busy primary. */
    @Override
    public long busyPauses() {
        return 0;
    }

    private List<TableOutcome> runLevel(List<BackfillTable> level, TaskTopic topic, int partitions) throws Exception {
        Map<BackfillTable, TableState> states = new LinkedHashMap<>();
        for (BackfillTable table : level) {
            states.put(table, publish(table, topic, partitions));
        }
        long lastLog = System.nanoTime();
        while (!stopped) {
            boolean levelDone = true;
            for (Map.Entry<BackfillTable, TableState> entry : states.entrySet()) {
                levelDone &= observe(entry.getKey(), entry.getValue());
            }
            observeMembers(topic);
            if (levelDone) {
                break;
            }
            if (System.nanoTime() - lastLog >= options.progressInterval().toNanos()) {
                describe().forEach(line -> log.info("Backfill {}", line));
                lastLog = System.nanoTime();
            }
            Thread.sleep(LOOK_EVERY_MILLIS);
        }
        List<TableOutcome> outcomes = new ArrayList<>();
        for (Map.Entry<BackfillTable, TableState> entry : states.entrySet()) {
            outcomes.add(finish(entry.getKey(), entry.getValue()));
        }
        return outcomes;
    }

    /** Plans {@code table} if it never was, defers its indexes, and publishes its chunks not yet done. */
    private TableState publish(BackfillTable table, TaskTopic topic, int partitions) throws Exception {
        TablePairing pairing = TablePairing.of(primary, secondary, table.spec(), mapping);
        List<ChunkState> chunks = Backfill.planned(primary, checkpoints, table, options);
        List<ChunkState> pending = chunks.stream()
                .filter(s -> s.status() != ChunkState.Status.DONE)
                .toList();
        // Done by earlier runs; those this run finished before a restart count as this run's.
        List<ChunkState> done = chunks.stream()
                .filter(s -> s.status() == ChunkState.Status.DONE && !runId.equals(s.runId()))
                .toList();
        TableProgress tableProgress = new TableProgress(table.name());
        tableProgress.planned(
                chunks.stream().mapToLong(s -> s.chunk().plannedRows()).sum(),
                chunks.size(),
                done.stream().mapToLong(ChunkState::rowsCopied).sum(),
                done.size());
        progress.put(table.name(), tableProgress);
        DeferredIndexes indexes = new DeferredIndexes(secondary, checkpoints);
        DeferredIndexes.Deferral deferral = options.deferIndexes() && !pending.isEmpty()
                ? indexes.defer(pairing.secondaryTable())
                : new DeferredIndexes.Deferral(List.of(), List.of());
        checkpoints.published(table.name(), runId);
        topic.publish(
                pending.stream()
                        .map(s -> new ChunkTask(runId, table.name(), s.chunk().number()).task())
                        .toList(),
                partitions);
        log.info(
                "Backfill of {}: {} chunk(s) published to {}, {} done by earlier runs, {} by this one",
                table.name(),
                pending.size(),
                group.tasksTopic(),
                done.size(),
                chunks.size() - pending.size() - done.size());
        return new TableState(pairing, tableProgress, indexes, deferral, done.size(), chunks.size());
    }

    /** Reads {@code table}'s checkpoints into its progress; true once every chunk ended in this run or before. */
    private boolean observe(BackfillTable table, TableState state) throws Exception {
        int doneNow = 0;
        int failedThisRun = 0;
        Map<String, WorkerSpan> byWorker = new TreeMap<>();
        for (ChunkTally tally : checkpoints.tally(table.name())) {
            boolean thisRun = runId.equals(tally.runId());
            if (tally.status() == ChunkState.Status.DONE) {
                doneNow += tally.chunks();
            }
            if (tally.status() == ChunkState.Status.FAILED && thisRun) {
                failedThisRun += tally.chunks();
            }
            if (thisRun && tally.status() != ChunkState.Status.PENDING) {
                byWorker.merge(String.valueOf(tally.worker()), WorkerSpan.of(tally), WorkerSpan::plus);
            }
        }
        WorkerSpan whole = byWorker.values().stream().reduce(WorkerSpan::plus).orElse(new WorkerSpan(0, 0, 0, 0));
        state.progress.observed(whole.rows(), doneNow, whole.rowsPerSecond());
        state.byWorker = byWorker;
        Map<String, WorkerSpan> all = new TreeMap<>();
        tablesSeen.forEach(seen -> seen.byWorker.forEach((worker, span) -> all.merge(worker, span, WorkerSpan::plus)));
        workers =
                all.entrySet().stream().map(e -> e.getValue().share(e.getKey())).toList();
        return doneNow + failedThisRun >= state.chunks;
    }

    private void observeMembers(TaskTopic topic) {
        try {
            members = topic.members();
        } catch (TaskTopicException e) {
            log.warn("Backfill: could not read group {}: {}", group.group(), e.getMessage());
        }
    }

    private TableOutcome finish(BackfillTable table, TableState state) throws Exception {
        List<String> failed = new ArrayList<>();
        for (ChunkState chunk : checkpoints.chunks(table.name())) {
            if (chunk.status() == ChunkState.Status.FAILED && runId.equals(chunk.runId())) {
                failed.add(chunk.chunk()
                        + ("REFUSED".equals(chunk.verification())
                                ? " (refused by its worker: the table is not configured there)"
                                : ""));
            }
        }
        List<String> restored = List.of();
        boolean allDone = state.progress.chunksDone() == state.chunks;
        if (allDone) {
            restored = state.indexes.restore(state.pairing.secondaryTable()).stream()
                    .map(DeferredIndex::name)
                    .toList();
        } else if (!state.deferral.dropped().isEmpty()) {
            log.warn(
                    "Backfill of {} is not complete: indexes {} stay dropped until a run completes it",
                    table.name(),
                    state.deferral.dropped().stream().map(DeferredIndex::name).toList());
        }
        state.progress.finished();
        log.info("Backfill {}", state.progress.describe());
        return new TableOutcome(
                table.name(),
                state.progress.plannedRows(),
                state.progress.rowsThisRun(),
                state.progress.rowsPerSecond(),
                state.chunks,
                state.progress.chunksDone(),
                state.resumed,
                failed,
                restored,
                state.deferral.kept(),
                null);
    }

    /** What the coordinator knows of one table of the level it follows. */
    private final class TableState {
        final TablePairing pairing;
        final TableProgress progress;
        final DeferredIndexes indexes;
        final DeferredIndexes.Deferral deferral;
        final int resumed;
        final int chunks;
        volatile Map<String, WorkerSpan> byWorker = Map.of();

        TableState(
                TablePairing pairing,
                TableProgress progress,
                DeferredIndexes indexes,
                DeferredIndexes.Deferral deferral,
                int resumed,
                int chunks) {
            this.pairing = pairing;
            this.progress = progress;
            this.indexes = indexes;
            this.deferral = deferral;
            this.resumed = resumed;
            this.chunks = chunks;
            tablesSeen.add(this);
        }
    }
}
