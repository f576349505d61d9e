package dev.tandem.reconcile.distributed;

import dev.tandem.core.source.TableSpec;
import dev.tandem.core.work.TaskTopic;
import dev.tandem.core.work.TaskTopicException;
import dev.tandem.reconcile.run.TableComparer;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 */
public final class ReconcileCoordinator implements TableComparer {

    private static final Logger log = LoggerFactory.getLogger(ReconcileCoordinator.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final DataSource primary;
    private final ReconcileGroup group;
    private final int maxDifferences;
    private final Duration progressEvery;

    /**
     * @param primary the store whose keys the segments are planned on
     * @param maxDifferences the differences one table keeps, as the in-process comparison keeps them
     * @param progressEvery how often the progress is logged while the workers compare
     */
    public ReconcileCoordinator(DataSource primary, ReconcileGroup group, int maxDifferences, Duration progressEvery) {
        this.primary = primary;
        this.group = group;
        this.maxDifferences = maxDifferences;
        this.progressEvery = progressEvery;
    }

    @Override
    public TableResult compare(long run, TableSpec spec, Instant since, TableReconciliation local) throws Exception {
        long started = System.nanoTime();
        List<Segment> segments = SegmentPlanner.plan(primary, spec, group.segmentRows());
        TableSegments received = new TableSegments(run, spec, segments.size());
        try (TaskTopic tasks = topic(group.tasksTopic());
                TaskTopic results = topic(group.resultsTopic())) {
            int partitions = tasks.ensure(group.partitions(), group.replicationFactor());
            results.ensure(group.partitions(), group.replicationFactor());
            try (ResultsFeed feed = new ResultsFeed(group.clients(), group.resultsTopic(), group.kafkaTimeout())) {
                tasks.publish(
                        segments.stream()
                                .map(s -> new SegmentTask(run, spec.table(), segments.size(), since, s).task())
                                .toList(),
                        partitions);
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
        if (received.duplicates() > 0) {
            log.info(
                    "Run {}: table {}: {} repeated segment result(s) not counted again",
                    run,
                    spec.table(),
                    received.duplicates());
        }
        return received.result(since, Duration.ofNanos(System.nanoTime() - started), maxDifferences);
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
