package dev.tandem.reconcile.distributed;

import static dev.tandem.reconcile.distributed.SameFindings.assertSameFindings;
import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.repair.RepairPlanner;
import dev.tandem.reconcile.run.Reconciler;
import dev.tandem.reconcile.run.ReconcilerConfig;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunInProgressException;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunSides;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.StartedRun;
import dev.tandem.reconcile.run.TableComparer;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.store.RunStore;
import dev.tandem.testkit.StorePair;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A distributed run whose coordinator stops part way (its thread interrupted: nothing more is stored,
 * the run stays RUNNING, its heartbeat stops) is continued by a coordinator started again, under the
 * same id, with the tables it had published neither planned nor published again and the results the
 * workers had already published counted; while the first coordinator is alive, no other takes its run.
 */
class CoordinatorRestartIT {

    private static final List<TableSpec> TABLES = List.of(TableSpec.of("ledger"), TableSpec.of("accounts"));
    private static final Duration ABANDONED_AFTER = Duration.ofSeconds(2);

    private final StorePair pair = StorePair.fresh("restart");
    private final KafkaClients clients =
            KafkaClients.of(Map.of("bootstrap.servers", pair.kafka().bootstrapServers()));
    private final RunStore store = new RunStore(pair.secondary);
    private final List<ReconcileWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void stop() {
        workers.forEach(ReconcileWorker::stop);
        threads.forEach(Thread::interrupt);
    }

    @Test
    void aCoordinatorStartedAgainContinuesTheRunOfOneThatStoppedAndFindsWhatOneProcessFinds() throws Exception {
        seedAndPlant();
        RunRecord single = reconciler(TableComparer.IN_PROCESS).run("test", Set.of(), RepairMode.NONE, true);
        StartedRun first = reconciler(coordinator()).start("test", Set.of(), RepairMode.NONE, true);
        Thread firstCoordinator = inBackground("first-coordinator", first);
        ReconcileWorker early = startWorker("early-worker");
        awaitResults(first.id(), 3);
        early.stop();
        firstCoordinator.interrupt();
        firstCoordinator.join(20_000);
        assertThat(firstCoordinator.isAlive())
                .as("the first coordinator stopped")
                .isFalse();
        assertThat(store.find(first.id()))
                .as("the stopped coordinator's run")
                .hasValueSatisfying(r -> assertThat(r.verdict()).isEqualTo(RunVerdict.RUNNING));
        int resultsBefore = keys("results." + pair.id, first.id()).size();
        startWorker("worker-1");
        startWorker("worker-2");

        RunRecord continued = reconciler(coordinator()).run("test", Set.of(), RepairMode.NONE, true);

        assertThat(continued.id()).as("the run continued under its id").isEqualTo(first.id());
        assertSameFindings(continued, single);
        assertThat(store.find(first.id())).hasValueSatisfying(stored -> assertSameFindings(stored, single));
        assertThat(store.latest(10)).extracting(RunRecord::id).containsExactly(first.id(), single.id());
        List<String> tasks = keys("tasks." + pair.id, first.id());
        assertThat(tasks)
                .as("every segment published once over both coordinators: 17 of ledger, 3 of accounts")
                .hasSize(20)
                .doesNotHaveDuplicates();
        assertThat(resultsBefore)
                .as("results published before the restart, read by the second")
                .isPositive();
    }

    @Test
    void aCoordinatorThatIsAliveKeepsItsRunFromASecondOne() throws Exception {
        seedAndPlant();
        StartedRun first = reconciler(coordinator()).start("test", Set.of(), RepairMode.NONE, true);
        Thread firstCoordinator = inBackground("first-coordinator", first);
        awaitTasks(first.id(), 17);

        assertThatThrownBy(() -> reconciler(coordinator()).start("test", Set.of(), RepairMode.NONE, true))
                .isInstanceOf(RunInProgressException.class)
                .hasMessageContaining("Run " + first.id() + " of the same tables is being coordinated by");

        assertThat(firstCoordinator.isAlive()).isTrue();
        assertThat(store.latest(10)).extracting(RunRecord::id).containsExactly(first.id());
        assertThat(store.find(first.id()))
                .hasValueSatisfying(r -> assertThat(r.verdict()).isEqualTo(RunVerdict.RUNNING));
    }

    private Thread inBackground(String name, StartedRun run) {
        Thread thread = DaemonThreads.start(name, () -> {
            try {
                run.call();
            } catch (Exception e) {
                // The coordinator stopped (interrupted): the run stays RUNNING.
            }
        });
        threads.add(thread);
        return thread;
    }

    private Reconciler reconciler(TableComparer comparer) throws SQLException {
        store.create();
        return new Reconciler(ReconcilerConfig.custom()
                .tables(TABLES)
                .sides(new RunSides(
                        null,
                        comparison(),
                        Optional.empty(),
                        new RepairPlanner(
                                pair.primary, pair.secondary, SecondaryStore.of(pair.secondary), SchemaMapping.NONE),
                        Optional.empty()))
                .store(store)
                .comparer(comparer)
                .abandonedAfter(ABANDONED_AFTER)
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
                4,
                (short) -1,
                25,
                Duration.ofSeconds(6),
                Duration.ofMinutes(2),
                Duration.ofSeconds(20),
                worker,
                1);
    }

    private ReconcileCoordinator coordinator() {
        return new ReconcileCoordinator(pair.primary, group("coordinator"), store, 1_000, Duration.ofSeconds(5));
    }

    private ReconcileWorker startWorker(String name) {
        ReconcileWorker worker = new ReconcileWorker(comparison(), TABLES, group(name));
        workers.add(worker);
        threads.add(DaemonThreads.start(name, () -> {
            try {
                worker.run(line -> {});
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return worker;
    }

    private void awaitResults(long run, int count) throws InterruptedException {
        awaitKeys("results." + pair.id, run, count);
    }

    private void awaitTasks(long run, int count) throws InterruptedException {
        awaitKeys("tasks." + pair.id, run, count);
    }

    private void awaitKeys(String topic, long run, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (keys(topic, run).size() < count) {
            assertThat(System.nanoTime())
                    .as(count + " records of run " + run + " on " + topic)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The keys of {@code topic}'s records of run {@code run}, all of them from the beginning. */
    private List<String> keys(String topic, long run) {
        List<String> keys = new ArrayList<>();
        // Not made by this look: the coordinator makes the topics with their partitions.
        try (Consumer<String, String> consumer =
                clients.textConsumer(Map.of(), Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return keys;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(run + "/")) {
                        keys.add(record.key());
                    }
                }
            }
        }
        return keys;
    }

    private void seedAndPlant() throws SQLException {
        execute(pair.primary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount DECIMAL(12,2), note VARCHAR(40))");
        execute(pair.secondary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount NUMERIC(12,2), note TEXT)");
        execute(pair.primary, "CREATE TABLE accounts (code VARCHAR(40) PRIMARY KEY, balance BIGINT)");
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
        for (int i = 10; i < 70; i++) {
            accounts.append(i == 10 ? "" : ", ")
                    .append("('a")
                    .append(i)
                    .append("', ")
                    .append(i)
                    .append(")");
        }
        execute(pair.primary, "INSERT INTO accounts VALUES " + accounts);
        execute(pair.secondary, "INSERT INTO accounts VALUES " + accounts);
        // Differences spread over the segments: some found before the restart, some after.
        execute(pair.secondary, "DELETE FROM ledger WHERE id IN (1, 50, 400)");
        execute(pair.secondary, "INSERT INTO ledger VALUES (0, 1.00, 'x'), (5000, 1.00, 'x')");
        execute(pair.secondary, "UPDATE ledger SET amount = 0 WHERE id IN (26, 180, 333)");
        execute(pair.secondary, "UPDATE ledger SET note = 'edited' WHERE id = 75");
        execute(pair.secondary, "DELETE FROM accounts WHERE code = 'a11'");
        execute(pair.secondary, "UPDATE accounts SET balance = -1 WHERE code IN ('a40', 'a69')");
    }
}
