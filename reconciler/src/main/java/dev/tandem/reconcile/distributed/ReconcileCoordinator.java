package dev.tandem.reconcile.distributed;

import dev.tandem.core.source.TableSpec;
import dev.tandem.core.work.TaskTopic;
import dev.tandem.core.work.TaskTopicException;
import dev.tandem.reconcile.run.TableComparer;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import dev.tandem.reconcile.store.RunStore;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has a run's tables compared by the workers' group instead of this process: splits each table into
 * key-range segments, publishes one task per segment and waits for every segment's result on the
 * results topic, the first per segment; the table's result is then the sum of its segments', which
 * the reconciler checks for pending keys, repairs, stores and reports as it does an in-process one.
 * A segment whose worker died is compared again by another worker (the group hands its partition on);
 * the coordinator waits for it, logging the progress and the group's members meanwhile.
 *
 * <p>Killed or stopped, the coordinator loses nothing: each table's plan (its segments' tasks and
 * where the results topic stood before they were published) is stored in the run store before the
 * tasks are published, the workers go on with the tasks, and their results stay on the results topic.
 * A coordinator started again continues the run ({@link #continuesRuns()}): a table it had published
 * keeps its plan (planning again would give other bounds, the rows having changed) and is not
 * published again, its results read from where the topic stood then, so that only the segments still
 * missing are waited for; a table whose publishing was cut short is published again whole (a segment
 * compared twice counts once); the tables not reached yet are planned and published as usual.
 */
public final class ReconcileCoordinator implements TableComparer {

    private static final Logger log = LoggerFactory.getLogger(ReconcileCoordinator.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final DataSource primary;
    private final ReconcileGroup group;
    private final RunStore store;
    private final int maxDifferences;
    private final Duration progressEvery;

    /**
     * @param primary the store whose keys the segments are planned on
     * @param store where each table's plan is kept for a coordinator that continues the run
     * @param maxDifferences the differences one table keeps, as the in-process comparison keeps them
     * @param progressEvery how often the progress is logged while the workers compare
     */
    public ReconcileCoordinator(
            DataSource primary, ReconcileGroup group, RunStore store, int maxDifferences, Duration progressEvery) {
        this.primary = primary;
        this.group = group;
        this.store = store;
        this.maxDifferences = maxDifferences;
        this.progressEvery = progressEvery;
    }

    @Override
    public boolean continuesRuns() {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * @throws InterruptedException if this thread was interrupted (the coordinator is being stopped),
     *     also while a Kafka client waited: the run is left for a coordinator started again
     */
    @Override
    public TableResult compare(long run, TableSpec spec, Instant since, TableReconciliation local) throws Exception {
        try {
            return compareSegments(run, spec, since);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                InterruptedException stopped = new InterruptedException(
                        "Run " + run + " stopped while the segments of " + spec.table() + " were compared");
                stopped.initCause(e);
                throw stopped;
            }
            throw e;
        }
    }

    private TableResult compareSegments(long run, TableSpec spec, Instant since) throws Exception {
        long started = System.nanoTime();
        Optional<RunStore.TablePlan> planned = store.plan(run, spec.table());
        List<SegmentTask> segments;
        TableSegments received;
        try (TaskTopic tasks = topic(group.tasksTopic());
                TaskTopic results = topic(group.resultsTopic())) {
            int partitions = tasks.ensure(group.partitions(), group.replicationFactor());
            results.ensure(group.partitions(), group.replicationFactor());
            if (planned.isPresent()) {
                RunStore.TablePlan plan = planned.get();
                segments = plan.tasks().stream().map(SegmentTask::decode).toList();
                since = segments.isEmpty() ? since : segments.get(0).since();
                received = new TableSegments(run, spec, segments.size());
                Map<Integer, Long> from = ResultsFeed.parse(plan.resultsFrom());
                if (from.isEmpty()) {
                    throw new IllegalStateException(
                            "Run " + run + "'s plan of " + spec.table() + " does not say where its results start");
                }
                try (ResultsFeed feed =
                        new ResultsFeed(group.clients(), group.resultsTopic(), group.kafkaTimeout(), from)) {
                    log.info(
                            "Run {}: table {} continued: its {} segment(s) were published before the coordinator"
                                    + " stopped; the plan is kept and their results are read from {} since then ({}){}",
                            run,
                            spec.table(),
                            segments.size(),
                            group.resultsTopic(),
                            plan.resultsFrom(),
                            plan.published()
                                    ? ""
                                    : "; publishing them again, the coordinator stopped while publishing");
                    if (!plan.published()) {
                        publish(run, spec, segments, tasks, partitions);
                    }
                    await(run, spec, received, feed, tasks);
                }
            } else {
                Instant from = since;
                List<Segment> plan = SegmentPlanner.plan(primary, spec, group.segmentRows());
                segments = plan.stream()
                        .map(s -> new SegmentTask(run, spec.table(), plan.size(), from, s))
                        .toList();
                received = new TableSegments(run, spec, segments.size());
                try (ResultsFeed feed = new ResultsFeed(group.clients(), group.resultsTopic(), group.kafkaTimeout())) {
                    // Kept before publishing: a coordinator continuing the run finds every task published.
                    store.savePlan(
                            run,
                            new RunStore.TablePlan(
                                    spec.table(),
                                    ResultsFeed.format(feed.start()),
                                    false,
                                    segments.stream().map(t -> t.task().value()).toList()));
                    publish(run, spec, segments, tasks, partitions);
                    log.info(
                            "Run {}: table {} split into {} segment(s) of about {} rows, published to {} for group {}",
                            run,
                            spec.table(),
                            segments.size(),
                            group.segmentRows(),
                            group.tasksTopic(),
                            group.group());
                    await(run, spec, received, feed, tasks);
                }
            }
        }
        if (received.duplicates() > 0) {
            log.info(
                    "Run {}: table {}: {} repeated segment result(s) not counted again",
                    run,
                    spec.table(),
                    received.duplicates());
        }
        return received.result(since, Duration.ofNanos(System.nanoTime() - started), maxDifferences);
    }

    private void publish(long run, TableSpec spec, List<SegmentTask> segments, TaskTopic tasks, int partitions)
            throws SQLException {
        tasks.publish(segments.stream().map(SegmentTask::task).toList(), partitions);
        store.planPublished(run, spec.table());
    }

    private void await(long run, TableSpec spec, TableSegments received, ResultsFeed feed, TaskTopic tasks)
            throws InterruptedException {
        long lastLog = System.nanoTime();
        while (!received.complete() && !received.failed()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("Run " + run + " stopped waiting for the segments of " + spec.table());
            }
            for (SegmentResult result : feed.poll(POLL)) {
                if (received.accept(result)) {
                    log.debug(
                            "Run {}: segment {} of {} compared by {}",
                            run,
                            result.segment(),
                            spec.table(),
                            result.worker());
                }
            }
            if (System.nanoTime() - lastLog >= progressEvery.toNanos()) {
                log.info(
                        "Run {}: table {}: {} of {} segment(s) compared, {} rows; {}",
                        run,
                        spec.table(),
                        received.received(),
                        received.segments(),
                        received.rowsCompared(),
                        members(tasks));
                lastLog = System.nanoTime();
            }
        }
    }

    private String members(TaskTopic tasks) {
        try {
            Map<String, Integer> members = tasks.members();
            return members.isEmpty()
                    ? "no worker in group " + group.group() + ": start `tandem run --worker` on any host"
                    : members.size() + " worker(s) in group " + group.group() + ": "
                            + String.join(", ", members.keySet());
        } catch (TaskTopicException e) {
            return "group " + group.group() + " could not be read: " + e.getMessage();
        }
    }

    private TaskTopic topic(String name) {
        return new TaskTopic(group.clients(), name, group.group(), group.kafkaTimeout());
    }
}
