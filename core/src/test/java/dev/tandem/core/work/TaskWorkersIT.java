package dev.tandem.core.work;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tasks shared by the members of one consumer group on a real broker. */
class TaskWorkersIT {

    private static final Duration SESSION = Duration.ofSeconds(6);

    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private final KafkaClients clients = KafkaClients.of(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String topicName = "tasks." + id;
    private final String group = "workers-" + id;
    private final List<TaskWorker> started = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        started.forEach(TaskWorker::stop);
    }

    @Test
    void everyTaskIsRunOnceByOneMemberAndCommitted() throws Exception {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, String> runBy = new ConcurrentHashMap<>();
        try (TaskTopic topic = new TaskTopic(clients, topicName, group, Duration.ofSeconds(20))) {
            int partitions = topic.ensure(6, (short) -1);
            topic.publish(
                    IntStream.range(0, 30)
                            .mapToObj(i -> new Task("t/" + i, "v" + i, i))
                            .toList(),
                    partitions);

            for (String member : List.of("a", "b")) {
                start(member, Duration.ofSeconds(1), (key, value) -> {
                    Thread.sleep(200); // long enough that the second member joins while the first works
                    runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    runBy.put(key, member);
                });
            }
            await(() -> runs.size() == 30, "all 30 tasks run");
            await(() -> committed(6) == 30, "all 30 tasks committed");

            assertThat(runs.values())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(Set.copyOf(runBy.values())).containsExactlyInAnyOrder("a", "b");
            assertThat(topic.members()).containsOnlyKeys("a", "b");
        }
    }

    @Test
    void tasksLongerThanTheSessionRunOnceThroughAMemberJoiningMidTask() throws Exception {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        CountDownLatch inTask = new CountDownLatch(1);
        try (TaskTopic topic = new TaskTopic(clients, topicName, group, Duration.ofSeconds(20))) {
            int partitions = topic.ensure(4, (short) -1);
            topic.publish(
                    IntStream.range(0, 4)
                            .mapToObj(i -> new Task("long/" + i, "v" + i, i))
                            .toList(),
                    partitions);
            TaskWorker.Handler longTask = (key, value) -> {
                inTask.countDown();
                Thread.sleep(SESSION.toMillis() + 2_000); // a member that stopped heartbeating would be expelled
                runs.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            };

            TaskWorker first = start("first", Duration.ofSeconds(1), longTask);
            assertThat(inTask.await(60, TimeUnit.SECONDS))
                    .as("the first member took a task")
                    .isTrue();
            TaskWorker second = start("second", Duration.ofSeconds(1), longTask); // a rebalance mid-task

            await(() -> committed(4) == 4, "all 4 tasks committed");
            assertThat(runs).hasSize(4);
            assertThat(runs.values())
                    .as("runs per task: none repeated by an expelled member")
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(first.tasksDone() + second.tasksDone()).isEqualTo(4);
            assertThat(second.tasksDone()).as("the joining member ran tasks").isPositive();
        }
    }

    @Test
    void aTaskItsMemberGaveUpIsRunByTheMemberThatTakesItsPartition() throws Exception {
        CountDownLatch inTask = new CountDownLatch(1);
        Map<String, String> finishedBy = new ConcurrentHashMap<>();
        try (TaskTopic topic = new TaskTopic(clients, topicName, group, Duration.ofSeconds(20))) {
            int partitions = topic.ensure(1, (short) -1);
            topic.publish(List.of(new Task("chunk/1", "1", 1)), partitions);

            TaskWorker first = start("first", Duration.ofSeconds(1), (key, value) -> {
                inTask.countDown();
                Thread.sleep(1_000);
                throw new TaskWorker.Abandoned("stopping mid-task");
            });
            assertThat(inTask.await(60, TimeUnit.SECONDS))
                    .as("the first member took the task")
                    .isTrue();
            first.stop();
            start("second", Duration.ofSeconds(1), (key, value) -> finishedBy.put(key, "second"));

            await(() -> finishedBy.containsKey("chunk/1"), "the second member ran the task");
            await(() -> committed(1) == 1, "the task committed");
            assertThat(first.tasksDone()).isZero();
        }
    }

    @Test
    void aTaskWhoseHandlerFailedIsRunAgainUntilItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (TaskTopic topic = new TaskTopic(clients, topicName, group, Duration.ofSeconds(20))) {
            int partitions = topic.ensure(2, (short) -1);
            topic.publish(List.of(new Task("flaky", "x", 0), new Task("next", "y", 0)), partitions);
            List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

            TaskWorker worker = start("only", Duration.ofMillis(100), (key, value) -> {
                if (key.equals("flaky") && attempts.incrementAndGet() < 3) {
                    throw new IllegalStateException("the secondary is down");
                }
                order.add(key);
            });

            await(() -> order.size() == 2, "both tasks done");
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(order).containsExactly("flaky", "next"); // the same slot: one partition, in order
            await(() -> committed(2) == 2, "both committed");
            assertThat(worker.tasksDone()).isEqualTo(2);
        }
    }

    @Test
    void ensureKeepsAnExistingTopicAndATimeoutOutOfRangeIsRefused() {
        try (TaskTopic topic = new TaskTopic(clients, topicName, group, Duration.ofSeconds(20))) {
            assertThat(topic.partitions()).isEmpty();
            assertThat(topic.ensure(4, (short) -1)).isEqualTo(4);
            assertThat(topic.ensure(12, (short) -1)).isEqualTo(4);
            assertThat(topic.members()).isEmpty();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new TaskTopic(clients, topicName, group, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 100 ms and 1 h");
    }

    private TaskWorker start(String member, Duration retryPause, TaskWorker.Handler handler) {
        TaskWorker worker =
                new TaskWorker(clients, topicName, group, member, Duration.ofMinutes(1), SESSION, retryPause, handler);
        started.add(worker);
        DaemonThreads.start("task-worker-" + member, worker);
        return worker;
    }

    /** Offsets the group committed, over partitions 0..partitions-1, less the start offsets. */
    private long committed(int partitions) throws Exception {
        try (Admin admin = clients.admin(Map.of())) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new java.util.HashMap<>();
            IntStream.range(0, partitions)
                    .forEach(p -> earliest.put(new TopicPartition(topicName, p), OffsetSpec.earliest()));
            var starts = admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topicName))
                    .mapToLong(
                            e -> e.getValue().offset() - starts.get(e.getKey()).offset())
                    .sum();
        }
    }

    private static void await(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
