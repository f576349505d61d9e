package dev.tandem.bench.workers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A workers benchmark's run's own tasks topic and consumer group, as the broker sees them: made
 * before the workers start, all workers in the group with an equal share of the partitions before
 * the coordinator starts, and every task committed once the coordinator has ended.
 *
 * @param admin the broker's admin client
 * @param topic the run's tasks topic
 * @param group the run's consumer group
 * @param partitions the tasks topic's partitions
 */
public record WorkerGroup(Admin admin, String topic, String group, int partitions) {

    private static final Duration JOIN_LIMIT = Duration.ofMinutes(3);
    private static final Duration COMMIT_LIMIT = Duration.ofSeconds(20);

    /** Makes {@code topic} with {@code partitions} on the broker. */
    public static WorkerGroup create(Admin admin, String topic, String group, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                .all()
                .get(30, TimeUnit.SECONDS);
        return new WorkerGroup(admin, topic, group, partitions);
    }

    /** Waits until every worker is in the group and the partitions are shared out evenly among them. */
    public void awaitMembers(String kind, Map<String, TandemJvm> workers) throws Exception {
        long deadline = System.nanoTime() + JOIN_LIMIT.toNanos();
        String seen = "nothing";
        while (System.nanoTime() < deadline) {
            for (Map.Entry<String, TandemJvm> worker : workers.entrySet()) {
                if (!worker.getValue().alive()) {
                    throw new IllegalStateException(kind + ": worker " + worker.getKey()
                            + " ended before it joined the group; its error output:\n"
                            + worker.getValue().errTail());
                }
            }
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(group);
            List<Integer> shares = description == null
                    ? List.of()
                    : description.members().stream()
                            .map(MemberDescription::assignment)
                            .map(a -> a.topicPartitions().size())
                            .toList();
            Set<String> clients = description == null
                    ? Set.of()
                    : description.members().stream()
                            .map(MemberDescription::clientId)
                            .collect(Collectors.toCollection(LinkedHashSet::new));
            seen = clients + " holding " + shares + " partition(s)";
            int fair = partitions / workers.size();
            if (clients.equals(workers.keySet()) && shares.stream().allMatch(s -> s == fair)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(kind + ": the workers " + workers.keySet() + " did not all join group " + group
                + " within " + JOIN_LIMIT.toSeconds() + " s; last seen " + seen);
    }

    /** Waits until the group has committed every task of the topic (each after its work was done). */
    public void awaitCommitted(String kind) throws Exception {
        long deadline = System.nanoTime() + COMMIT_LIMIT.toNanos();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        long behind = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            behind = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                behind += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            if (behind == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                kind + ": " + behind + " task(s) of " + topic + " are still not committed by group " + group);
    }
}
