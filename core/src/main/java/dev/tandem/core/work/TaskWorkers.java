package dev.tandem.core.work;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The members one worker process runs in a group, each a {@link TaskWorker} on a thread of its own,
 * named {@code <worker id>} (one member) or {@code <worker id>#<n>}. A member that fails stops the
 * others, so that the process ends and its tasks go to other workers rather than half of it working on.
 */
public final class TaskWorkers {

    private static final Logger log = LoggerFactory.getLogger(TaskWorkers.class);

    private final String workerId;
    private final List<TaskWorker> members = new ArrayList<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** {@code count} members of {@code group} on {@code topic}; see {@link TaskWorker} for the rest. */
    public TaskWorkers(
            KafkaClients clients,
            String topic,
            String group,
            String workerId,
            int count,
            Duration maxTaskDuration,
            Duration sessionTimeout,
            Duration retryPause,
            TaskWorker.Handler handler) {
        if (count < 1) {
            throw new IllegalArgumentException("A worker runs at least one member but was given " + count);
        }
        this.workerId = workerId;
        for (int i = 0; i < count; i++) {
            members.add(new TaskWorker(
                    clients,
                    topic,
                    group,
                    count == 1 ? workerId : workerId + "#" + (i + 1),
                    maxTaskDuration,
                    sessionTimeout,
                    retryPause,
                    handler));
        }
    }

    /**
     * Runs every member until {@link #stop()} or until one fails.
     *
     * @param threadName the members' threads are {@code <threadName>-<n>}
     * @throws IllegalStateException naming the worker if a member failed (the others were stopped)
     */
    public void run(String threadName) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            TaskWorker member = members.get(i);
            threads.add(DaemonThreads.start(threadName + "-" + (i + 1), () -> {
                try {
                    member.run();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                    log.error("Worker {}: a member failed; the worker stops", workerId, e);
                    stop();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Worker " + workerId + " failed: " + failure.get(), failure.get());
        }
    }

    /** Asks every member to stop after (or, if its handler gives up, during) the task it runs. */
    public void stop() {
        members.forEach(TaskWorker::stop);
    }
}
