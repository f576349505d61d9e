package dev.tandem.core.work;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the workers' group: takes one task at a time from the partitions assigned to it, runs
 * it, and commits its offset only once the handler has returned (its result durable). A handler that
 * throws leaves the task uncommitted: it is run again here after {@code retryPause}, or by whichever
 * member gets its partition. A member that dies loses nothing but the task it was running, which
 * another member runs again once the group notices (its session timeout).
 *
 * <p>A task may take far longer than the session timeout (a chunk or a segment of a million rows), so
 * the handler runs on a thread of its own while the member keeps polling with its partitions paused:
 * it takes part in every rebalance at once (a member that only polled between tasks would stop
 * heartbeating in the middle of a cooperative rebalance, be expelled from the group after the
 * session timeout, and have its finished task run again elsewhere, its own rejoining then expelling
 * the next). A partition asked back while its task runs is given up once the task ends and its offset
 * is committed, so the task is not run twice. The task's end wakes the member's poll, so the next
 * task starts at once, however short the last one was.
 */
public final class TaskWorker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
    private static final Duration POLL_WHILE_RUNNING = Duration.ofMillis(200);

    /** What a worker does with a task. It must be idempotent: a task can be run more than once. */
    @FunctionalInterface
    public interface Handler {
        void handle(String key, String value) throws Exception;
    }

    /** Thrown by a handler that gave up its task because the worker is stopping: not committed, not retried here. */
    public static final class Abandoned extends RuntimeException {
        public Abandoned(String message) {
            super(message);
        }
    }

    private final Consumer<String, String> consumer;
    private final String topic;
    private final String clientId;
    private final Duration retryPause;
    private final Handler handler;
    private final Set<Integer> assigned = new TreeSet<>();
    /** Offsets of tasks done whose commit a rebalance interrupted: committed after the next poll or on revocation. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

    private ExecutorService runner;
    /** The task whose handler runs now, on the runner; null between tasks. Touched on the member's thread only. */
    private Running running;

    private volatile boolean stopped;
    private volatile long tasksDone;
    private boolean failedLast;

    /**
     * @param clientId names this member in the group's description and the logs
     * @param maxTaskDuration the longest one task may take before the group counts this member as stuck
     *     and hands its partitions to others ({@code max.poll.interval.ms})
     * @param sessionTimeout how long after this member's last heartbeat (it died) the group hands its
     *     partitions to others
     */
    public TaskWorker(
            KafkaClients clients,
            String topic,
            String group,
            String clientId,
            Duration maxTaskDuration,
            Duration sessionTimeout,
            Duration retryPause,
            Handler handler) {
        this.topic = topic;
        this.clientId = clientId;
        this.retryPause = retryPause;
        this.handler = handler;
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The coordinator makes the topic with its partitions; a worker started first must not make it
        // with the broker's default (often one partition, which would let only one worker copy).
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxTaskDuration.toMillis());
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, sessionTimeout.toMillis() / 4));
        // Members keep the partitions they hold while a new one joins: no stop-the-world rebalance.
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        this.consumer = clients.textConsumer(Map.of(), settings);
    }

    /** Runs tasks until {@link #stop()}; then leaves the group. */
    @Override
    public void run() {
        runner = Executors.newSingleThreadExecutor(
                DaemonThreads.named(Thread.currentThread().getName() + "-task"));
        consumer.subscribe(List.of(topic), new Assignment());
        try {
            while (!stopped) {
                ConsumerRecords<String, String> tasks;
                try {
                    tasks = consumer.poll(Duration.ofSeconds(1));
                } catch (WakeupException e) {
                    continue; // stop() asked (or a task's end woke a poll that had already returned)
                }
                commitUncommitted();
                for (ConsumerRecord<String, String> task : tasks) {
                    if (!stopped) {
                        runTask(task);
                    }
                }
            }
            commitUncommitted();
        } catch (WakeupException e) {
            if (!stopped) {
                throw e;
            }
        } finally {
            runner.shutdownNow();
            consumer.close(Duration.ofSeconds(10));
            log.info("Worker {} left group after {} task(s)", clientId, tasksDone);
        }
    }

    /** Asks the worker to stop after (or, if the handler gives up, during) the task it is running. */
    public void stop() {
        stopped = true;
        consumer.wakeup();
    }

    /** Tasks this member has run to the end and committed. */
    public long tasksDone() {
        return tasksDone;
    }

    /**
     * Runs {@code task}'s handler on the runner and polls, its partitions paused, until it ends: the
     * member's heartbeats and rebalances go on meanwhile. Then commits the task, or puts it back.
     */
    private void runTask(ConsumerRecord<String, String> task) {
        consumer.pause(consumer.assignment());
        running = new Running(task, runner.submit(() -> {
            try {
                handler.handle(task.key(), task.value());
            } finally {
                consumer.wakeup(); // the member's poll returns now, not when its timeout ends
            }
            return null;
        }));
        try {
            while (running != null && !running.outcome.isDone()) {
                pollPaused(POLL_WHILE_RUNNING);
            }
            // The handler's wakeup came before its outcome: if no poll took it, this one does, and no
            // later call (the commit) throws it.
            pollPaused(Duration.ZERO);
            if (running != null) {
                finish(running);
            }
            if (failedLast) {
                failedLast = false;
                long until = System.nanoTime() + retryPause.toNanos();
                while (!stopped && System.nanoTime() < until) {
                    pollPaused(POLL_WHILE_RUNNING);
                }
            }
        } finally {
            consumer.resume(consumer.assignment());
        }
    }

    /**
     * A poll that returns no task: every partition stays paused, one assigned meanwhile too. A wakeup
     * (the task's end, or {@link #stop()}) ends it early.
     */
    private void pollPaused(Duration timeout) {
        try {
            ConsumerRecords<String, String> records = consumer.poll(timeout);
            for (TopicPartition partition : records.partitions()) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
            consumer.pause(consumer.assignment());
        } catch (WakeupException e) {
            // The task ended, or stop() asked (the handler is told by its owner; this member waits for it).
        }
    }

    /** Commits {@code task} if its handler succeeded and its partition is still held; otherwise puts it back. */
    private void finish(Running task) {
        running = null;
        ConsumerRecord<String, String> record = task.record;
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        boolean held = assigned.contains(partition.partition());
        try {
            task.outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
            return;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            if (held) {
                consumer.seek(partition, record.offset());
            }
            if (cause instanceof Abandoned) {
                log.info(
                        "Worker {} stops: task {} stays for another worker ({})",
                        clientId,
                        record.key(),
                        cause.getMessage());
            } else {
                log.error(
                        "Worker {}: task {} failed; it is not committed and runs again in {} ms",
                        clientId,
                        record.key(),
                        retryPause.toMillis(),
                        cause);
                failedLast = true;
            }
            return;
        }
        tasksDone++;
        if (held) {
            uncommitted.put(partition, new OffsetAndMetadata(record.offset() + 1));
            commitUncommitted();
        } else {
            log.info(
                    "Worker {}: task {} done after its partition was lost; another worker may run it again",
                    clientId,
                    record.key());
        }
    }

    /** A task and its handler's outcome. */
    private record Running(ConsumerRecord<String, String> record, Future<Void> outcome) {}

    /**
     * Commits the offsets of tasks done. A rebalance in progress defers the commit to after the next
     * poll (or to the revocation of the partition, whichever comes first); a partition already taken
     * by another member drops it: that member may run the task again, which is harmless.
     */
    private void commitUncommitted() {
        uncommitted.keySet().removeIf(p -> !assigned.contains(p.partition()));
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            commit(Map.copyOf(uncommitted));
            uncommitted.clear();
        } catch (RebalanceInProgressException e) {
            log.debug("Worker {}: commit of {} waits for the rebalance in progress", clientId, uncommitted.keySet());
        } catch (CommitFailedException e) {
            log.info(
                    "Worker {}: tasks of {} done but their partitions moved on ({}); another worker may run them again",
                    clientId,
                    uncommitted.keySet(),
                    e.getMessage());
            uncommitted.clear();
        }
    }

    /**
     * Commits {@code offsets}, once more if a wakeup interrupted the commit: the task's end (its
     * handler wakes the member) or {@link #stop()}, neither of which may cost a task its commit.
     */
    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            consumer.commitSync(offsets);
        }
    }

    private void awaitQuietly(Future<Void> outcome) {
        try {
            outcome.get();
        } catch (ExecutionException e) {
            // finish() tells what the handler threw
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    private final class Assignment implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (running != null) {
                consumer.pause(partitions); // one task at a time: the new ones wait for the running one
            }
            partitions.forEach(p -> assigned.add(p.partition()));
            log.info("Worker {} now holds partition(s) {} of {}", clientId, assigned, topic);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            Running task = running;
            if (task != null && partitions.contains(new TopicPartition(task.record.topic(), task.record.partition()))) {
                // Still this member's until the callback returns: the task ends here and is committed below.
                log.info(
                        "Worker {}: partition {} is asked back while task {} runs; giving it up when the task ends",
                        clientId,
                        task.record.partition(),
                        task.record.key());
                awaitQuietly(task.outcome);
                finish(task);
            }
            Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
            partitions.forEach(p -> {
                OffsetAndMetadata offset = uncommitted.remove(p);
                if (offset != null) {
                    revoked.put(p, offset);
                }
            });
            if (!revoked.isEmpty()) {
                try {
                    commit(revoked); // the last moment this member may commit them
                } catch (RuntimeException e) {
                    log.info(
                            "Worker {}: could not commit {} as it gave them up ({}); another worker may run them"
                                    + " again",
                            clientId,
                            revoked.keySet(),
                            e.getMessage());
                }
            }
            partitions.forEach(p -> assigned.remove(p.partition()));
            log.info(
                    "Worker {} gave up partition(s) {}; holds {}",
                    clientId,
                    partitions.stream().map(TopicPartition::partition).toList(),
                    assigned);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Already another member's: nothing may be committed for them any more.
            partitions.forEach(p -> {
                uncommitted.remove(p);
                assigned.remove(p.partition());
            });
            log.info(
                    "Worker {} lost partition(s) {}; holds {}",
                    clientId,
                    partitions.stream().map(TopicPartition::partition).toList(),
                    assigned);
        }
    }
}
