package dev.tandem.core.pace;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.core.work.TaskTopic;
import dev.tandem.core.work.TaskTopicException;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a worker process's {@link Throttle#share share} of its group's rate limit at its members over
 * all the group's members, as the consumer group describes itself (looked at every
 * {@value #EVERY_SECONDS} s; a killed worker counts until its session times out), so that the group
 * together keeps to the limit as workers join and leave. Until the group shows this worker, it
 * assumes the most members the topic can hold. Closing it ends the keeping.
 */
public final class GroupShare implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupShare.class);
    private static final long EVERY_SECONDS = 5;
    private static final Duration UNTIL_SEEN = Duration.ofMillis(500);

    private final Throttle throttle;
    private final KafkaClients clients;
    private final String topic;
    private final String group;
    private final String workerId;
    private final Duration kafkaTimeout;
    private final Thread thread;
    private volatile boolean closed;

    private GroupShare(
            Throttle throttle,
            KafkaClients clients,
            String topic,
            String group,
            String workerId,
            Duration kafkaTimeout,
            String threadName) {
        this.throttle = throttle;
        this.clients = clients;
        this.topic = topic;
        this.group = group;
        this.workerId = workerId;
        this.kafkaTimeout = kafkaTimeout;
        this.thread = DaemonThreads.start(threadName, this::keep);
    }

    /**
     * Starts keeping {@code throttle}'s share for worker {@code workerId} of {@code group} on the tasks
     * {@code topic} of {@code partitions}, running {@code members} members; does nothing but close
     * when the throttle sets no rate limit.
     */
    public static GroupShare keep(
            Throttle throttle,
            KafkaClients clients,
            String topic,
            int partitions,
            String group,
            String workerId,
            int members,
            Duration kafkaTimeout) {
        throttle.share(Math.min(1.0, (double) members / partitions));
        return new GroupShare(throttle, clients, topic, group, workerId, kafkaTimeout, "tandem-rate-share-" + workerId);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void keep() {
        if (!throttle.limitsRate()) {
            return;
        }
        try (TaskTopic tasks = new TaskTopic(clients, topic, group, kafkaTimeout)) {
            boolean seen = false;
            while (!closed) {
                try {
                    seen |= look(tasks.members());
                } catch (TaskTopicException e) {
                    log.warn(
                            "Worker {}: could not read group {} for the rate share, keeping {} rows/s: {}",
                            workerId,
                            group,
                            throttle.rowsPerSecond(),
                            e.getMessage());
                }
                Thread.sleep(seen ? EVERY_SECONDS * 1_000 : UNTIL_SEEN.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sets the share from the group's members by client id; whether this worker was among them. */
    private boolean look(Map<String, Integer> all) {
        int total = all.values().stream().mapToInt(Integer::intValue).sum();
        int mine = all.entrySet().stream()
                .filter(e -> e.getKey().equals(workerId) || e.getKey().startsWith(workerId + "#"))
                .mapToInt(Map.Entry::getValue)
                .sum();
        if (total > 0 && mine > 0) {
            throttle.share((double) mine / total);
            return true;
        }
        return false;
    }
}
