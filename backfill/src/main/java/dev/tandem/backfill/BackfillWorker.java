package dev.tandem.backfill;

import dev.tandem.core.pace.BusyProbe;
import dev.tandem.core.pace.GroupShare;
import dev.tandem.core.pace.Throttle;
import dev.tandem.core.work.TaskWorker;
import dev.tandem.core.work.TaskWorkers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker process of a distributed backfill: {@code options.workers()} members of the workers'
 * consumer group, each copying the chunks of the partitions Kafka assigns it through the same fenced
 * bulk path and per-chunk verification as an in-process run. A chunk's end is checkpointed in the
 * secondary before its task is committed, so a worker killed mid-chunk loses nothing: another worker
 * copies that chunk again (harmless through the fence). A task whose chunk is already done is
 * skipped, so a chunk published twice is never reported twice. Runs until {@link #stop()}.
 */
public final class BackfillWorker {

    private static final Logger log = LoggerFactory.getLogger(BackfillWorker.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    private final BackfillSides sides;
    private final Checkpoints checkpoints;
    private final BackfillOptions options;
    private final Map<String, BackfillTable> tables = new ConcurrentHashMap<>();
    private final BackfillGroup group;
    private final Throttle throttle;
    private final Consumer<String> out;
    private final Map<String, ChunkWork> work = new ConcurrentHashMap<>();
    private final Map<String, TableProgress> progress = new ConcurrentHashMap<>();
    private volatile TaskWorkers members;
    private final AtomicLong chunksDone = new AtomicLong();
    private volatile boolean stopped;

    /**
     * @param tables the tables this worker may be given (the same configuration as the coordinator's)
     * @param out where a line per finished chunk goes
     */
    public BackfillWorker(
            BackfillSides sides,
            BackfillOptions options,
            BusyProbe probe,
            List<BackfillTable> tables,
            BackfillGroup group,
            Consumer<String> out) {
        this.sides = sides;
        this.checkpoints = sides.checkpoints();
        this.options = options;
        this.group = group;
        this.out = out;
        this.throttle = options.throttle(probe);
        tables.forEach(t -> this.tables.put(t.name().toLowerCase(Locale.ROOT), t));
    }

    /**
     * Copies the chunks Kafka assigns this worker until {@link #stop()}; then leaves the group.
     *
     * @throws IllegalStateException if a member failed (the others stop too, their chunks go to other workers)
     */
    public void run() throws Exception {
        checkpoints.create();
        TaskWorkers joined = new TaskWorkers(
                group.clients(),
                group.tasksTopic(),
                group.group(),
                group.workerId(),
                options.workers(),
                group.maxChunkDuration(),
                group.sessionTimeout(),
                RETRY_PAUSE,
                this::copy);
        members = joined;
        if (stopped) {
            joined.stop();
        }
        GroupShare share = GroupShare.keep(
                throttle,
                group.clients(),
                group.tasksTopic(),
                group.partitions(),
                group.group(),
                group.workerId(),
                options.workers(),
                group.kafkaTimeout());
        log.info(
                "Backfill worker {} joined group {} on {} with {} member(s){}",
                group.workerId(),
                group.group(),
                group.tasksTopic(),
                options.workers(),
                options.maxRowsPerSecond() > 0
                        ? ", the group limited to " + options.maxRowsPerSecond() + " rows/s"
                        : "");
        try {
            joined.run("tandem-backfill-worker");
        } finally {
            stop();
            share.close();
        }
    }

    /** Asks the worker to stop: a chunk being copied is left after its current batch and stays for another worker. */
    public void stop() {
        stopped = true;
        TaskWorkers joined = members;
        if (joined != null) {
            joined.stop();
        }
    }

    /** Chunks this worker finished (DONE or FAILED) and committed. */
    public long chunksDone() {
        return chunksDone.get();
    }

    /** The rows per second this worker may copy now (its share of the group's limit); 0 for no limit. */
    public double rateLimit() {
        return throttle.rowsPerSecond();
    }

    private void copy(String key, String value) throws Exception {
        ChunkTask task;
        try {
            task = ChunkTask.decode(value);
        } catch (IllegalArgumentException e) {
            log.error("Backfill worker {}: task {} is skipped: {}", group.workerId(), key, e.getMessage());
            return;
        }
        BackfillTable table = tables.get(task.table().toLowerCase(Locale.ROOT));
        Optional<ChunkState> state = checkpoints.chunk(task.table(), task.chunk());
        if (state.isEmpty()) {
            log.warn(
                    "Backfill worker {}: chunk {} of {} is not in the checkpoints (forgotten by --restart?); skipped",
                    group.workerId(),
                    task.chunk(),
                    task.table());
            return;
        }
        if (state.get().status() == ChunkState.Status.DONE) {
            log.info(
                    "Backfill worker {}: chunk {} of {} is already done; skipped",
                    group.workerId(),
                    task.chunk(),
                    task.table());
            return;
        }
        if (table == null) {
            String problem = "table " + task.table() + " is not in this worker's tandem.backfill tables "
                    + tables.values().stream().map(BackfillTable::name).toList();
            log.error("Backfill worker {}: chunk {} refused: {}", group.workerId(), task.chunk(), problem);
            ChunkState current = state.get();
            checkpoints.finish(
                    new ChunkState(
                            current.chunk(),
                            ChunkState.Status.FAILED,
                            0,
                            current.attempts(),
                            "REFUSED",
                            0,
                            task.runId()),
                    group.workerId(),
                    System.currentTimeMillis());
            out.accept("chunk " + task.chunk() + " of " + task.table() + " REFUSED by " + group.workerId() + ": "
                    + problem);
            return;
        }
        log.info("Backfill worker {}: copying chunk {} of {}", group.workerId(), task.chunk(), task.table());
        long started = System.nanoTime();
        ChunkState ended;
        try {
            ended = work(table).copy(state.get(), task.runId(), () -> stopped);
        } catch (BackfillStoppedException e) {
            throw new TaskWorker.Abandoned("chunk " + task.chunk() + " of " + task.table() + " left part way");
        }
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        chunksDone.incrementAndGet();
        out.accept(String.format(
                "chunk %d of %s %s by %s: %,d rows in %,d ms (%,.0f rows/s), verification %s",
                task.chunk(),
                task.table(),
                ended.status(),
                group.workerId(),
                ended.rowsCopied(),
                millis,
                ended.rowsCopied() * 1000.0 / millis,
                ended.verification()));
    }

    private ChunkWork work(BackfillTable table) throws Exception {
        String key = table.name().toLowerCase(Locale.ROOT);
        ChunkWork existing = work.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (work) {
            existing = work.get(key);
            if (existing == null) {
                TableProgress tableProgress = progress.computeIfAbsent(key, k -> new TableProgress(table.name()));
                existing = ChunkWork.of(sides, table, options, throttle, tableProgress, group.workerId());
                work.put(key, existing);
            }
            return existing;
        }
    }
}
