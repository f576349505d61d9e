package dev.tandem.cli.reconcile;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.ExitCode;
import dev.tandem.cli.TandemProcess;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableRecord;
import dev.tandem.reconcile.run.TableResult;
import dev.tandem.reconcile.store.RunStore;
import dev.tandem.testkit.StorePair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reconcile run of 300,000 rows with planted differences of every kind, shared by worker processes
 * (forked JVMs) on one consumer group under a rate limit for the whole group: two start with the run,
 * one of them is killed ({@code kill -9}) while it compares a segment, and a third joins mid-run. The
 * coordinator's one run finds exactly what a single-process comparison finds, the killed worker's
 * segment compared by another, the joining worker compares segments, every segment counted once, and
 * the group together keeps to the limit.
 */
class ReconcileWorkersIT {

    private static final int ROWS = 300_000;
    private static final int SEGMENT_ROWS = 25_000;
    private static final int GROUP_RATE = 12_000; // rows/s for all workers together: the run takes about 30 s
    private static final Pattern COMPARED = Pattern.compile("segment \\d+/ledger/(\\d+) compared by (\\S+):");
    private static final Pattern COMPARING = Pattern.compile("comparing segment \\d+/ledger/(\\d+)");

    private final StorePair stores = StorePair.fresh("rw");
    private final List<TandemProcess.Running> processes = new ArrayList<>();

    @AfterEach
    void endProcesses() throws InterruptedException {
        for (TandemProcess.Running process : processes) {
            if (process.isAlive()) {
                process.kill();
            }
        }
    }

    @Test
    void workersOneKilledMidSegmentAndOneJoiningMidRunFindWhatOneProcessFinds() throws Exception {
        seedAndPlant();
        TableResult single = new TableReconciliation(stores.primary, stores.secondary, Duration.ofSeconds(2), 1_000)
                .run(TableSpec.of("ledger"));
        Map<String, String> properties = properties();

        TandemProcess.Running first = worker(properties, "w1");
        TandemProcess.Running second = worker(properties, "w2");
        TandemProcess.Running coordinator = start(properties, "run", "--full");

        int killedIn = first.await(
                () -> {
                    Integer comparing = last(COMPARING, first.err());
                    return comparing != null && !compared(first.out()).containsKey(comparing) ? comparing : null;
                },
                "w1 compares a segment",
                180);
        first.kill();
        TandemProcess.Running third = worker(properties, "w3");
        third.await(() -> compared(third.out()).isEmpty() ? null : true, "w3 joined and compared a segment", 240);
        int status = coordinator.waitFor(300);

        assertThat(status).as(coordinator.out() + coordinator.err()).isEqualTo(ExitCode.DIFFERENCES.code());
        RunStore store = new RunStore(stores.secondary);
        RunRecord run = store.find(store.latest(1).get(0).id()).orElseThrow();
        TableRecord ledger = run.tables().get(0);
        assertThat(ledger.error()).isNull();
        assertThat(ledger.rowsCompared()).isEqualTo(single.rowsCompared());
        assertThat(ledger.foundCounts()).isEqualTo(single.foundCounts());
        assertThat(ledger.foundCounts()).isEqualTo(new FoundCounts(3, 2, 12, Map.of("amount", 12L)));
        assertThat(ledger.rowsCompared() * 1000.0 / ledger.tookMillis())
                .as("rows/s of the group, through w1's death and w3's arrival")
                .isLessThan(GROUP_RATE * 1.25);
        assertThat(ledger.confirmed()).isEqualTo(single.confirmedTotal());
        assertThat(ledger.columns()).isEqualTo(single.confirmedByColumn());

        Map<Integer, List<String>> reported = new HashMap<>();
        for (TandemProcess.Running worker : List.of(first, second, third)) {
            Matcher matcher = COMPARED.matcher(worker.out());
            while (matcher.find()) {
                reported.computeIfAbsent(Integer.parseInt(matcher.group(1)), s -> new ArrayList<>())
                        .add(matcher.group(2));
            }
        }
        assertThat(reported).as("segments compared").hasSize(ROWS / SEGMENT_ROWS + 1);
        assertThat(reported.get(killedIn))
                .as("the segment w1 was killed in")
                .isNotEmpty()
                .doesNotContain("w1");
        Set<String> workers = new HashSet<>();
        reported.values().forEach(workers::addAll);
        assertThat(workers).contains("w2", "w3");
        for (TandemProcess.Running worker : List.of(second, third)) {
            assertThat(worker.terminate(60))
                    .as("a worker's status after SIGTERM")
                    .isEqualTo(128 + 15);
            assertThat(worker.out()).containsPattern("worker w[23] stopped after \\d+ segment\\(s\\)");
        }
    }

    @Test
    void aWorkerWithoutTheDistributedSettingsExitsTwoNamingTheKey() throws Exception {
        execute(stores.primary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY)");
        execute(stores.secondary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY)");
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.tables[0].name", "ledger");

        TandemProcess.Result result = TandemProcess.run(120, StorePair.arguments(properties, "run", "--worker"));

        assertThat(result.status()).as(result.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.err()).contains("tandem.reconciler.distributed.enabled=true");
    }

    @Test
    void aDistributedRunWithoutKafkaExitsTwoNamingTheKey() throws Exception {
        execute(stores.primary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY)");
        execute(stores.secondary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY)");
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.tables[0].name", "ledger");
        properties.put("tandem.reconciler.distributed.enabled", "true");

        TandemProcess.Result result = TandemProcess.run(120, StorePair.arguments(properties, "run"));

        assertThat(result.status()).as(result.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.err()).contains("spring.kafka.bootstrap-servers");
    }

    private void seedAndPlant() throws Exception {
        execute(stores.primary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount DECIMAL(12,2), note VARCHAR(40))");
        execute(stores.secondary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount NUMERIC(12,2), note TEXT)");
        execute(stores.primary, "INSERT INTO ledger SELECT seq, seq / 4, CONCAT('n', seq) FROM seq_1_to_" + ROWS);
        execute(
                stores.secondary,
                "INSERT INTO ledger SELECT s, s / 4.0, 'n' || s FROM generate_series(1, " + ROWS + ") s");
        // One changed row in every segment, so every segment waits out the settle window: long enough to be killed in.
        execute(stores.secondary, "UPDATE ledger SET amount = -1 WHERE MOD(id, " + SEGMENT_ROWS + ") = 7");
        execute(stores.secondary, "DELETE FROM ledger WHERE id IN (1, 30000, " + ROWS + ")");
        execute(stores.secondary, "INSERT INTO ledger VALUES (0, 0, 'extra'), (" + (ROWS + 10) + ", 0, 'extra')");
    }

    private Map<String, String> properties() {
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        String id = stores.id;
        properties.put("tandem.reconciler.tables[0].name", "ledger");
        properties.put("tandem.reconciler.settle", "1s");
        properties.put("tandem.reconciler.max-rows-per-second", String.valueOf(GROUP_RATE));
        properties.put("tandem.reconciler.distributed.enabled", "true");
        properties.put("tandem.reconciler.distributed.tasks-topic", "tandem.reconcile.tasks." + id);
        properties.put("tandem.reconciler.distributed.results-topic", "tandem.reconcile.results." + id);
        properties.put("tandem.reconciler.distributed.group", "reconcile-" + id);
        properties.put("tandem.reconciler.distributed.partitions", "6");
        properties.put("tandem.reconciler.distributed.segment-rows", String.valueOf(SEGMENT_ROWS));
        properties.put("tandem.reconciler.distributed.session-timeout", "6s");
        properties.put("tandem.reconciler.distributed.progress-interval", "2s");
        properties.put("spring.kafka.bootstrap-servers", stores.kafka().bootstrapServers());
        return properties;
    }

    private TandemProcess.Running worker(Map<String, String> properties, String workerId) {
        Map<String, String> own = new HashMap<>(properties);
        own.put("tandem.reconciler.distributed.worker-id", workerId);
        return start(own, "run", "--worker");
    }

    private TandemProcess.Running start(Map<String, String> properties, String... command) {
        TandemProcess.Running process = TandemProcess.start(StorePair.arguments(properties, command));
        processes.add(process);
        return process;
    }

    /** {@code segment -> worker} of the segments a worker's output reports compared. */
    private static Map<Integer, String> compared(String out) {
        Map<Integer, String> compared = new HashMap<>();
        Matcher matcher = COMPARED.matcher(out);
        while (matcher.find()) {
            compared.put(Integer.parseInt(matcher.group(1)), matcher.group(2));
        }
        return compared;
    }

    private static Integer last(Pattern pattern, String text) {
        Integer last = null;
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            last = Integer.parseInt(matcher.group(1));
        }
        return last;
    }
}
