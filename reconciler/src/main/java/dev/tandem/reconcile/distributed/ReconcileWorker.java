package dev.tandem.reconcile.distributed;

import dev.tandem.core.pace.GroupShare;
import dev.tandem.core.source.TableSpec;
import dev.tandem.core.work.Task;
import dev.tandem.core.work.TaskTopic;
import dev.tandem.core.work.TaskWorker;
import dev.tandem.core.work.TaskWorkers;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker process of a distributed reconciliation: {@code group.members()} members of the workers'
 * consumer group, each comparing the segments of the partitions Kafka assigns it with the same
 * streaming merge join and settle re-check as an in-process run, and publishing each segment's result
 * on the results topic before its task is committed. A worker killed mid-segment loses nothing:
 * another worker compares that segment again, and the coordinator counts a segment once however
 * often its result arrives. A segment that cannot be compared (a table this worker does not know,
 * a failing query) is published as failed, as an in-process run records the table as failed; a
 * result that cannot be published leaves the task to be run again. With a rate limit, the worker
 * keeps its share of it (its members over the group's), so the group together reads the primary no
 * faster than the limit. Runs until {@link #stop()}.
 */
public final class ReconcileWorker {

    private static final Logger log = LoggerFactory.getLogger(ReconcileWorker.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    private final TableReconciliation comparison;
    private final Map<String, TableSpec> tables;
    private final ReconcileGroup group;
    private volatile Consumer<String> out = line -> {};
    private volatile TaskWorkers members;
    private final AtomicLong segmentsDone = new AtomicLong();
    private volatile TaskTopic results;
    private volatile int resultPartitions;
    private volatile boolean stopping;

    /**
     * @param comparison compares the two stores, as the coordinator's configuration would in process
     * @param tables the tables this worker may be given (the same configuration as the coordinator's)
     */
    public ReconcileWorker(TableReconciliation comparison, List<TableSpec> tables, ReconcileGroup group) {
        this.comparison = comparison;
        this.tables = tables.stream()
                .collect(Collectors.toUnmodifiableMap(t -> t.table().toLowerCase(Locale.ROOT), t -> t, (a, b) -> a));
        this.group = group;
    }

    /**
     * Compares the segments Kafka assigns this worker until {@link #stop()}; then leaves the group.
     *
     * @param out where a line per compared segment goes
     * @throws IllegalStateException if a member failed (the others stop too, their segments go to other workers)
     */
    public void run(Consumer<String> out) throws InterruptedException {
        this.out = out;
        try (TaskTopic published =
                        new TaskTopic(group.clients(), group.resultsTopic(), group.group(), group.kafkaTimeout());
                TaskTopic tasks =
                        new TaskTopic(group.clients(), group.tasksTopic(), group.group(), group.kafkaTimeout());
                GroupShare share = GroupShare.keep(
                        comparison.throttle(),
                        group.clients(),
                        group.tasksTopic(),
                        group.partitions(),
                        group.group(),
                        group.workerId(),
                        group.members(),
                        group.kafkaTimeout())) {
            // Made here too if missing: a worker may start before any coordinator has run.
            tasks.ensure(group.partitions(), group.replicationFactor());
            resultPartitions = published.ensure(group.partitions(), group.replicationFactor());
            results = published;
            TaskWorkers joined = new TaskWorkers(
                    group.clients(),
                    group.tasksTopic(),
                    group.group(),
                    group.workerId(),
                    group.members(),
                    group.maxSegmentDuration(),
                    group.sessionTimeout(),
                    RETRY_PAUSE,
                    this::compare);
            members = joined;
            if (stopping) {
                joined.stop();
            }
            log.info(
                    "Reconcile worker {} joined group {} on {} with {} member(s){}",
                    group.workerId(),
                    group.group(),
                    group.tasksTopic(),
                    group.members(),
                    comparison.throttle().limitsRate()
                            ? ", the group limited to " + comparison.throttle().maxRowsPerSecond() + " rows/s"
                            : "");
            joined.run("tandem-reconcile-worker");
        } finally {
            stop();
        }
    }

    /**
     * Asks the worker to stop after the segments being compared; then it leaves the group. A segment whose
     * comparison fails while the worker stops is left to another worker, not published as failed.
     */
    public void stop() {
        stopping = true;
        TaskWorkers joined = members;
        if (joined != null) {
            joined.stop();
        }
    }

    /** Segments this worker compared (or found it could not) and published. */
    public long segmentsDone() {
        return segmentsDone.get();
    }

    private void compare(String key, String value) {
        SegmentTask task;
        try {
            task = SegmentTask.decode(value);
        } catch (IllegalArgumentException e) {
            log.error("Reconcile worker {}: task {} is skipped: {}", group.workerId(), key, e.getMessage());
            return;
        }
        long started = System.nanoTime();
        log.info("Reconcile worker {}: comparing segment {}", group.workerId(), task.key());
        SegmentResult result = result(task);
        // Durable before the task is committed: a worker dying now leaves the segment to be compared again.
        results.publish(
                List.of(new Task(
                        result.key(),
                        SegmentResultJson.encode(result),
                        task.segment().number())),
                resultPartitions);
        segmentsDone.incrementAndGet();
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        out.accept(
                result.error() != null
                        ? String.format("segment %s FAILED on %s: %s", task.key(), group.workerId(), result.error())
                        : String.format(
                                "segment %s compared by %s: %,d rows in %,d ms, %,d difference(s) found, %,d confirmed",
                                task.key(),
                                group.workerId(),
                                result.result().rowsCompared(),
                                millis,
                                result.result().found(),
                                result.result().confirmedTotal()));
    }

    private SegmentResult result(SegmentTask task) {
        TableSpec spec = tables.get(task.table().toLowerCase(Locale.ROOT));
        if (spec == null) {
            String problem = "table " + task.table() + " is not in this worker's tandem.reconciler.tables "
                    + tables.values().stream().map(TableSpec::table).sorted().toList();
            log.error("Reconcile worker {}: segment {} refused: {}", group.workerId(), task.key(), problem);
            return new SegmentResult(
                    task.run(), task.table(), task.segment().number(), group.workerId(), null, problem);
        }
        try {
            TableResult compared =
                    comparison.run(spec, task.since(), task.segment().range());
            return new SegmentResult(
                    task.run(), task.table(), task.segment().number(), group.workerId(), compared, null);
        } catch (Exception e) {
            if (stopping) {
                // Stopping may have closed the stores' pools under the comparison: not the segment's fault.
                throw new TaskWorker.Abandoned("segment " + task.key() + " left part way: " + e.getMessage());
            }
            log.error("Reconcile worker {}: segment {} could not be compared", group.workerId(), task.key(), e);
            return new SegmentResult(
                    task.run(), task.table(), task.segment().number(), group.workerId(), null, describe(e));
        }
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
