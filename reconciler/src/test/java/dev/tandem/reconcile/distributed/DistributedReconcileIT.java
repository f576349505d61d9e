package dev.tandem.reconcile.distributed;

import static dev.tandem.reconcile.distributed.SameFindings.assertSameFindings;
import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.repair.RepairPlanner;
import dev.tandem.reconcile.run.Reconciler;
import dev.tandem.reconcile.run.ReconcilerConfig;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunSides;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.TableComparer;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableRecord;
import dev.tandem.reconcile.store.RunStore;
import dev.tandem.testkit.StorePair;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run whose tables are compared by three workers in this JVM, against a MariaDB primary and a
 * PostgreSQL secondary with planted differences of every kind: it finds what an in-process run
 * finds, counting each segment once even when its result arrives twice.
 */
class DistributedReconcileIT {

    private static final int SEGMENT_ROWS = 25;
    private static final List<TableSpec> TABLES = List.of(TableSpec.of("ledger"), TableSpec.of("accounts"));
    /** Text keys a case-insensitive collation orders otherwise than their bytes: the segments' bounds must not. */
    private static final String[] PREFIXES = {"a-", "A-", "a", "b-", "B", "é-", "z", "Z-", "中-", "😀"};

    private final StorePair pair = StorePair.fresh("dist");
    private final KafkaClients clients =
            KafkaClients.of(Map.of("bootstrap.servers", pair.kafka().bootstrapServers()));
    private final RunStore store = new RunStore(pair.secondary);
    private final List<ReconcileWorker> workers = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();

    @AfterEach
    void stopWorkers() {
        stopped.set(true);
        workers.forEach(ReconcileWorker::stop);
    }

    @Test
    void threeWorkersFindWhatOneProcessFindsInEveryTableAndKind() throws Exception {
        seedAndPlant();
        RunRecord single = reconciler(TableComparer.IN_PROCESS).run("test", Set.of(), RepairMode.NONE, true);
        startWorkers(3);

        RunRecord distributed = reconciler(coordinator()).run("test", Set.of(), RepairMode.NONE, true);

        assertSameFindings(distributed, single);
        assertThat(single.verdict()).isEqualTo(RunVerdict.DIFFERENCES);
        TableRecord ledger = single.tables().get(0);
        assertThat(ledger.rowsCompared()).isEqualTo(403);
        assertThat(List.of(ledger.missing(), ledger.extra(), ledger.mismatched()))
                .as("missing, extra, changed")
                .containsExactly(3L, 3L, 3L);
        assertThat(ledger.columns()).containsOnly(Map.entry("amount", 2L), Map.entry("note", 2L));
        TableRecord accounts = single.tables().get(1);
        assertThat(List.of(accounts.missing(), accounts.extra(), accounts.mismatched()))
                .containsExactly(2L, 1L, 2L);
        assertThat(workers.stream().filter(w -> w.segmentsDone() > 0))
                .as("workers that compared segments (a rebalance on a slow machine may leave one idle)")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(workers.stream().mapToLong(ReconcileWorker::segmentsDone).sum())
                .as("every segment compared: 17 of ledger, 3 of accounts (one more time if a rebalance took it)")
                .isGreaterThanOrEqualTo(20);
        assertThat(store.find(distributed.id())).hasValueSatisfying(stored -> assertSameFindings(stored, single));
        assertThat(store.latest(10)).extracting(RunRecord::id).containsExactly(distributed.id(), single.id());
    }

    @Test
    void aSegmentWhoseResultArrivesTwiceIsCountedOnce() throws Exception {
        seedAndPlant();
        RunRecord single = reconciler(TableComparer.IN_PROCESS).run("test", Set.of(), RepairMode.NONE, true);
        startWorkers(2);
        AtomicLong repeated = new AtomicLong();
        DaemonThreads.start("results-repeater", () -> repeatEveryResult(repeated));

        RunRecord distributed = reconciler(coordinator()).run("test", Set.of(), RepairMode.NONE, true);

        assertThat(repeated.get()).as("results published a second time").isPositive();
        assertSameFindings(distributed, single);
    }

    private Reconciler reconciler(TableComparer comparer) throws SQLException {
        store.create();
        TableReconciliation comparison = comparison();
        return new Reconciler(ReconcilerConfig.custom()
                .tables(TABLES)
                .sides(new RunSides(
                        null,
                        comparison,
                        Optional.empty(),
                        new RepairPlanner(
                                pair.primary, pair.secondary, SecondaryStore.of(pair.secondary), SchemaMapping.NONE),
                        Optional.empty()))
                .store(store)
                .comparer(comparer)
                .build());
    }

    private TableReconciliation comparison() {
        return new TableReconciliation(pair.primary, pair.secondary, Duration.ofMillis(200), 1_000);
    }

    private ReconcileGroup group(String worker) {
        return new ReconcileGroup(
                clients,
                "tasks." + pair.id,
                "results." + pair.id,
                "reconcilers-" + pair.id,
                6,
                (short) -1,
                SEGMENT_ROWS,
                Duration.ofSeconds(6),
                Duration.ofMinutes(2),
                Duration.ofSeconds(20),
                worker,
                1);
    }

    private ReconcileCoordinator coordinator() {
        return new ReconcileCoordinator(pair.primary, group("coordinator"), store, 1_000, Duration.ofSeconds(5));
    }

    private void startWorkers(int count) throws InterruptedException {
        for (int i = 1; i <= count; i++) {
            ReconcileWorker worker = new ReconcileWorker(comparison(), TABLES, group("worker-" + i));
            workers.add(worker);
            DaemonThreads.start("reconcile-worker-" + i, () -> {
                try {
                    worker.run(line -> {});
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        awaitStableGroup(count);
    }

    /** Waits until the group has settled with {@code count} members, each holding partitions of the tasks. */
    private void awaitStableGroup(int count) throws InterruptedException {
        String group = "reconcilers-" + pair.id;
        try (Admin admin = clients.admin(Map.of())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!settled(admin, group, count)) {
                assertThat(System.nanoTime())
                        .as("all " + count + " workers in the group, each assigned partitions")
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static boolean settled(Admin admin, String group, int count) {
        try {
            ConsumerGroupDescription description =
                    admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            return description != null
                    && description.state() == ConsumerGroupState.STABLE
                    && description.members().size() == count
                    && description.members().stream()
                            .noneMatch(m -> m.assignment().topicPartitions().isEmpty());
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Publishes every segment result once more, as a worker that died after publishing and was replaced would. */
    private void repeatEveryResult(AtomicLong repeated) {
        String topic = "results." + pair.id;
        try (Consumer<String, String> consumer = clients.textConsumer(Map.of(), Map.of());
                Producer<String, String> producer = clients.textProducer(Map.of(), Map.of())) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && !stopped.get()) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!stopped.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.headers().lastHeader("repeated") == null) {
                        ProducerRecord<String, String> again =
                                new ProducerRecord<>(topic, record.partition(), record.key(), record.value());
                        again.headers().add("repeated", new byte[] {1});
                        producer.send(again);
                        repeated.incrementAndGet();
                    }
                }
            }
        }
    }

    private void seedAndPlant() throws SQLException {
        execute(pair.primary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount DECIMAL(12,2), note VARCHAR(40))");
        execute(pair.secondary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount NUMERIC(12,2), note TEXT)");
        execute(
                pair.primary,
                "CREATE TABLE accounts (code VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci PRIMARY KEY,"
                        + " balance BIGINT)");
        execute(pair.secondary, "CREATE TABLE accounts (code TEXT PRIMARY KEY, balance BIGINT)");
        StringBuilder ledger = new StringBuilder();
        for (int i = 1; i <= 400; i++) {
            ledger.append(i == 1 ? "" : ", ")
                    .append("(")
                    .append(i)
                    .append(", ")
                    .append(i)
                    .append(".25, 'n")
                    .append(i)
                    .append("')");
        }
        execute(pair.primary, "INSERT INTO ledger VALUES " + ledger);
        execute(pair.secondary, "INSERT INTO ledger VALUES " + ledger);
        StringBuilder accounts = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            accounts.append(i == 0 ? "" : ", ")
                    .append("('")
                    .append(PREFIXES[i % 10])
                    .append(i)
                    .append("', ")
                    .append(i)
                    .append(")");
        }
        execute(pair.primary, "INSERT INTO accounts VALUES " + accounts);
        execute(pair.secondary, "INSERT INTO accounts VALUES " + accounts);

        // Missing in the secondary: the first row, a segment's last row (a bound), the last row.
        execute(pair.secondary, "DELETE FROM ledger WHERE id IN (1, 50, 400)");
        // Extra in the secondary: below the first key, between two, above the last.
        execute(pair.secondary, "INSERT INTO ledger VALUES (-3, 1.00, 'x'), (0, 1.00, 'x'), (5000, 1.00, 'x')");
        // Changed: one column of a segment's first row, the other of a bound, both of one more.
        execute(pair.secondary, "UPDATE ledger SET amount = 0 WHERE id = 26");
        execute(pair.secondary, "UPDATE ledger SET note = 'edited' WHERE id = 75");
        execute(pair.secondary, "UPDATE ledger SET amount = 9, note = 'both' WHERE id = 333");

        execute(pair.secondary, "DELETE FROM accounts WHERE code IN ('A-1', '中-18')");
        execute(pair.secondary, "INSERT INTO accounts VALUES ('Ω-extra', 7)");
        execute(pair.secondary, "UPDATE accounts SET balance = -1 WHERE code IN ('b-3', '😀59')");
    }
}
