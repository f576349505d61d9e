package dev.tandem.core.work;

import dev.tandem.core.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The coordinator's side of a task topic: makes the topic, publishes tasks to it (each acknowledged by
 * every in-sync replica before {@link #publish} returns), and tells who is in the workers' group.
 * Every call to Kafka is bounded by the timeout it was made with.
 */
public final class TaskTopic implements AutoCloseable {

    private final String topic;
    private final String group;
    private final Duration timeout;
    private final Admin admin;
    private final Producer<String, String> producer;

    /**
     * @param topic the tasks' topic
     * @param group the workers' consumer group
     * @param timeout the longest any call to Kafka may take
     */
    public TaskTopic(KafkaClients clients, String topic, String group, Duration timeout) {
        this.topic = topic;
        this.group = group;
        if (timeout == null || timeout.toMillis() < 100 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(
                    "The task topic's Kafka timeout must be between 100 ms and 1 h but was " + timeout);
        }
        this.timeout = timeout;
        int millis = (int) timeout.toMillis();
        this.admin = clients.admin(Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "tandem-tasks-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis));
        this.producer = clients.textProducer(
                Map.of(),
                Map.of(
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "tandem-tasks",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        millis,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        millis,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        millis + 5));
    }

    public String topic() {
        return topic;
    }

    public String group() {
        return group;
    }

    /**
     * Makes the topic with {@code partitions} partitions unless it exists, and returns how many it has.
     * The partitions bound how many workers can share the work at once.
     *
     * @param replication the replication factor; -1 takes the broker's default
     * @throws TaskTopicException naming the topic and the broker's answer if it can be neither made nor read
     */
    public int ensure(int partitions, short replication) {
        Optional<Integer> existing = partitions();
        if (existing.isPresent()) {
            return existing.get();
        }
        NewTopic created = replication < 0
                ? new NewTopic(topic, Optional.of(partitions), Optional.empty())
                : new NewTopic(topic, partitions, replication);
        try {
            await(admin.createTopics(List.of(created)).all(), "create topic " + topic);
        } catch (TaskTopicException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        // A topic just made takes a moment to appear in the brokers' metadata.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Integer> made = partitions();
            if (made.isPresent()) {
                return made.get();
            }
            if (System.nanoTime() > deadline) {
                throw new TaskTopicException(
                        "Topic " + topic + " was made but did not appear within " + timeout.toMillis() + " ms", null);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskTopicException("Interrupted while waiting for topic " + topic, e);
            }
        }
    }

    /** The topic's partition count, or empty if it does not exist. */
    public Optional<Integer> partitions() {
        try {
            Map<String, TopicDescription> described =
                    await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic);
            return Optional.of(described.get(topic).partitions().size());
        } catch (TaskTopicException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Publishes {@code tasks}, each to partition {@code slot mod partitions}, and returns once every one
     * is acknowledged.
     */
    public void publish(List<Task> tasks, int partitions) {
        List<Future<RecordMetadata>> sent = tasks.stream()
                .map(task -> producer.send(
                        new ProducerRecord<>(topic, Math.floorMod(task.slot(), partitions), task.key(), task.value())))
                .toList();
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            await(future, "publish a task to " + topic);
        }
    }

    /** The members of the workers' group by client id (a worker process may hold several); empty if none. */
    public Map<String, Integer> members() {
        try {
            Map<String, ConsumerGroupDescription> described =
                    await(admin.describeConsumerGroups(List.of(group)).all(), "describe group " + group);
            ConsumerGroupDescription description = described.get(group);
            if (description == null) {
                return Map.of();
            }
            return description.members().stream()
                    .collect(java.util.stream.Collectors.toMap(
                            m -> m.clientId(), m -> 1, Integer::sum, java.util.TreeMap::new));
        } catch (TaskTopicException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }

    private <T> T await(Future<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new TaskTopicException("Could not " + what + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new TaskTopicException(
                    "Could not " + what + " within " + timeout.toMillis() + " ms (is the broker reachable?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskTopicException("Interrupted while trying to " + what, e);
        }
    }

    @Override
    public void close() {
        producer.close(timeout);
        admin.close(timeout);
    }
}
