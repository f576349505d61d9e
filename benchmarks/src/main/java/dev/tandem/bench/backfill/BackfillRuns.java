package dev.tandem.bench.backfill;

import dev.tandem.backfill.Checkpoints;
import dev.tandem.backfill.ChunkTally;
import dev.tandem.testkit.CpuTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The runs of {@link BackfillWorkersBenchmark}, each into an emptied secondary and checked before
 * its figures are returned: {@code tandem backfill} in-process, and {@code tandem backfill} coordinating
 * worker processes ({@code tandem backfill --worker}) through a tasks topic and consumer group of the
 * run's own, the workers started and in the group (each holding its share of the partitions) before
 * the coordinator starts.
 */
final class BackfillRuns {

    private static final int HEAP_MB = 512;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(30);
    private static final Duration JOIN_LIMIT = Duration.ofMinutes(3);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(40);

    private final DataSource primary;
    private final DataSource secondary;
    private final TandemConfig config;
    private final Admin admin;
    private final ProcessHandle broker;
    private final long rows;
    private int runs;

    BackfillRuns(
            DataSource primary,
            DataSource secondary,
            TandemConfig config,
            Admin admin,
            ProcessHandle broker,
            long rows) {
        this.primary = primary;
        this.secondary = secondary;
        this.config = config;
        this.admin = admin;
        this.broker = broker;
        this.rows = rows;
    }

    /** {@code tandem backfill} in one process, one copying thread. */
    RunFigures inProcess() throws Exception {
        String kind = RunFigures.kind(0);
        BigTable.reset(secondary);
        runs++;
        double brokerStart = brokerCpu();
        try (TandemJvm backfill = TandemJvm.start("in-process backfill", true, HEAP_MB, config.inProcess())) {
            int status = backfill.awaitExit(RUN_LIMIT);
            double brokerUsed = brokerCpu() - brokerStart;
            exitedZero(kind, backfill, status);
            List<ChunkTally> tallies = CopyCheck.checkpoints(kind, checkpoints(), rows, Set.of());
            SameRows.check(kind, primary, secondary, rows);
            return new RunFigures(
                    0,
                    backfill.seconds(),
                    RunFigures.copySeconds(tallies),
                    backfill.exitCpuSeconds(),
                    List.of(),
                    brokerUsed,
                    RunFigures.rowsByWorker(tallies));
        }
    }

    /** {@code tandem backfill} coordinating {@code count} worker processes of one copying thread each. */
    RunFigures distributed(int count) throws Exception {
        String kind = RunFigures.kind(count);
        BigTable.reset(secondary);
        runs++;
        String topic = "tandem.bench.tasks." + runs;
        String group = "tandem-bench-workers-" + runs;
        admin.createTopics(List.of(new NewTopic(topic, TandemConfig.PARTITIONS, (short) 1)))
                .all()
                .get(30, TimeUnit.SECONDS);
        Map<String, TandemJvm> workers = new LinkedHashMap<>();
        try {
            for (int w = 1; w <= count; w++) {
                String id = "w" + w;
                workers.put(id, TandemJvm.start("worker " + id, false, HEAP_MB, config.worker(topic, group, id)));
            }
            awaitMembers(kind, group, workers);
            Map<String, Double> cpuStart = new LinkedHashMap<>();
            workers.forEach((id, worker) -> cpuStart.put(id, worker.cpuSeconds()));
            double brokerStart = brokerCpu();
            try (TandemJvm coordinator =
                    TandemJvm.start("coordinator", true, HEAP_MB, config.coordinator(topic, group))) {
                int status = coordinator.awaitExit(RUN_LIMIT);
                exitedZero(kind, coordinator, status);
                awaitCommitted(kind, topic, group);
                List<Double> workerCpu = new ArrayList<>();
                for (Map.Entry<String, TandemJvm> worker : workers.entrySet()) {
                    if (!worker.getValue().alive()) {
                        throw new IllegalStateException(kind + ": worker " + worker.getKey() + " ended during the run;"
                                + " its error output:\n" + worker.getValue().errTail());
                    }
                    workerCpu.add(worker.getValue().cpuSeconds() - cpuStart.get(worker.getKey()));
                }
                double brokerUsed = brokerCpu() - brokerStart;
                for (TandemJvm worker : workers.values()) {
                    worker.stop(STOP_LIMIT);
                }
                List<ChunkTally> tallies = CopyCheck.checkpoints(kind, checkpoints(), rows, workers.keySet());
                Map<String, String> outputs = new LinkedHashMap<>();
                for (Map.Entry<String, TandemJvm> worker : workers.entrySet()) {
                    outputs.put(worker.getKey(), worker.getValue().out());
                }
                CopyCheck.finishedOnce(
                        kind, outputs, checkpoints().chunks("big").size(), rows);
                SameRows.check(kind, primary, secondary, rows);
                return new RunFigures(
                        count,
                        coordinator.seconds(),
                        RunFigures.copySeconds(tallies),
                        coordinator.exitCpuSeconds(),
                        workerCpu,
                        brokerUsed,
                        RunFigures.rowsByWorker(tallies));
            }
        } finally {
            for (TandemJvm worker : workers.values()) {
                worker.close();
            }
        }
    }

    /** Waits until every worker is in {@code group} and the partitions are shared out evenly among them. */
    private void awaitMembers(String kind, String group, Map<String, TandemJvm> workers) throws Exception {
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
            int fair = TandemConfig.PARTITIONS / workers.size();
            if (clients.equals(workers.keySet()) && shares.stream().allMatch(s -> s == fair)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(kind + ": the workers " + workers.keySet() + " did not all join group " + group
                + " within " + JOIN_LIMIT.toSeconds() + " s; last seen " + seen);
    }

    /** Waits until the group has committed every task of {@code topic} (each after its chunk's checkpoint). */
    private void awaitCommitted(String kind, String topic, String group) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < TandemConfig.PARTITIONS; p++) {
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

    private static void exitedZero(String kind, TandemJvm jvm, int status) throws Exception {
        if (status != 0) {
            throw new IllegalStateException(kind + ": " + jvm.name() + " exited with " + status + "; its output:\n"
                    + jvm.out() + "\nits error output:\n" + jvm.errTail());
        }
    }

    private Checkpoints checkpoints() {
        return new Checkpoints(secondary, "tandem_backfill_chunk");
    }

    private double brokerCpu() {
        return CpuTime.processNanos(broker) / 1e9;
    }
}
