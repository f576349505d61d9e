package dev.tandem.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.backfill.ChunkState;
import dev.tandem.cli.ExitCode;
import dev.tandem.cli.TandemProcess;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import dev.tandem.testkit.StorePair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A backfill of 300,000 rows shared by worker processes (forked JVMs) on one consumer group, the way
 * an operator runs it on several hosts: two workers and the coordinator start; one worker is killed
 * ({@code kill -9}) in the middle of a chunk, a third joins, the coordinator itself is killed and
 * started again. The run ends complete, every chunk done and verified once, the chunk the killed worker
 * was copying finished by another, and the secondary equal to the primary, as a single-process run
 * leaves it.
 */
class BackfillWorkersIT {

    private static final int ROWS = 300_000;
    private static final int CHUNK_ROWS = 5_000;
    private static final int GROUP_RATE = 8_000; // rows/s for all workers together: the run takes about 40 s
    private static final Pattern DONE = Pattern.compile("chunk (\\d+) of accounts DONE by (\\S+):");
    private static final Pattern COPYING = Pattern.compile("copying chunk (\\d+) of accounts");

    private final BackfillStores stores = new BackfillStores();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
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
    void workersOnOneGroupCopyEveryChunkOnceThroughAKilledWorkerAJoiningOneAndARestartedCoordinator() throws Exception {
        stores.seedAccounts(ROWS);
        Map<String, String> properties = properties();

        TandemProcess.Running first = worker(properties, "w1");
        TandemProcess.Running second = worker(properties, "w2");
        TandemProcess.Running coordinator = start(properties, "backfill");

        // w1 is killed while it copies a chunk: it has finished two, and says it started another.
        int killedInChunk = first.await(
                () -> {
                    if (done(first.out()).size() < 2) {
                        return null;
                    }
                    Integer copying = lastCopying(first.err());
                    return copying != null && !done(first.out()).containsKey(copying) ? copying : null;
                },
                "w1 finished two chunks and copies a third",
                240);
        first.kill();
        Map<Integer, String> doneByFirst = done(first.out());
        assertThat(doneByFirst).doesNotContainKey(killedInChunk);

        TandemProcess.Running third = worker(properties, "w3");
        third.await(() -> done(third.out()).isEmpty() ? null : true, "w3 joined and finished a chunk", 240);

        coordinator.kill();
        TandemProcess.Running restarted = start(properties, "backfill");
        int status = restarted.waitFor(300);

        assertThat(status).as(restarted.out() + restarted.err()).isEqualTo(ExitCode.OK.code());
        assertThat(restarted.out())
                .contains("accounts")
                .contains("DONE")
                .containsPattern("worker w[23]: \\d+ chunk\\(s\\)");

        List<ChunkState> chunks = stores.checkpoints().chunks("accounts");
        assertThat(chunks).hasSize(ROWS / CHUNK_ROWS + 1);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.status()).isEqualTo(ChunkState.Status.DONE);
            assertThat(chunk.verification()).isEqualTo("PASSED");
        });
        Map<Integer, String> finishers = finishers();

        // Every chunk reported done by exactly one worker, and recorded as finished by it.
        for (TandemProcess.Running worker : List.of(second, third)) {
            assertThat(worker.terminate(60))
                    .as("a worker's status after SIGTERM")
                    .isEqualTo(128 + 15);
            assertThat(worker.out()).containsPattern("worker w[23] stopped after \\d+ chunk\\(s\\)");
        }
        Map<Integer, List<String>> reported = new HashMap<>();
        for (TandemProcess.Running worker : List.of(first, second, third)) {
            reports(worker.out()).forEach(report -> reported.computeIfAbsent(report.getKey(), c -> new ArrayList<>())
                    .add(report.getValue()));
        }
        assertThat(reported).hasSize(chunks.size());
        reported.forEach((chunk, by) ->
                assertThat(by).as("workers that reported chunk %d", chunk).hasSize(1));
        reported.forEach((chunk, by) -> assertThat(finishers.get(chunk)).isEqualTo(by.get(0)));
        assertThat(finishers.get(killedInChunk))
                .as("the chunk w1 was killed in")
                .isIn("w2", "w3");
        assertThat(finishers.values()).contains("w3");

        // The group together kept to the rate limit, through w1's death and w3's arrival.
        double groupRate = ROWS * 1000.0 / (lastFinished() - firstStarted());
        assertThat(groupRate).as("rows/s of the group").isLessThan(GROUP_RATE * 1.25);

        assertThat(BackfillStores.versions(stores.secondary, "accounts"))
                .isEqualTo(BackfillStores.versions(stores.primary, "accounts"));
        TableResult reconciled = new TableReconciliation(stores.primary, stores.secondary, Duration.ofMillis(200), 100)
                .run(TableSpec.of("accounts"));
        assertThat(reconciled.rowsCompared()).isEqualTo(ROWS);
        assertThat(reconciled.found()).isZero();
    }

    @Test
    void aWorkerWithoutTheDistributedSettingsExitsTwoNamingTheKey() {
        Map<String, String> properties = stores.properties();
        properties.put("tandem.reconciler.tables[0].name", "accounts");
        properties.put("tandem.reconciler.tables[0].version-column", "version");
        TandemProcess.Result result = TandemProcess.run(120, StorePair.arguments(properties, "backfill", "--worker"));

        assertThat(result.status()).as(result.err()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.err()).contains("tandem.backfill.distributed.enabled=true");
    }

    private Map<String, String> properties() {
        Map<String, String> properties = stores.properties();
        properties.put("tandem.reconciler.tables[0].name", "accounts");
        properties.put("tandem.reconciler.tables[0].version-column", "version");
        properties.put("tandem.backfill.workers", "1");
        properties.put("tandem.backfill.chunk-rows", String.valueOf(CHUNK_ROWS));
        properties.put("tandem.backfill.verify-settle", "200ms");
        properties.put("tandem.backfill.progress-interval", "2s");
        properties.put("tandem.backfill.max-rows-per-second", String.valueOf(GROUP_RATE));
        properties.put("tandem.backfill.distributed.enabled", "true");
        properties.put("tandem.backfill.distributed.tasks-topic", "tandem.backfill.tasks." + id);
        properties.put("tandem.backfill.distributed.group", "backfill-" + id);
        properties.put("tandem.backfill.distributed.partitions", "12");
        properties.put("tandem.backfill.distributed.session-timeout", "6s");
        properties.put("spring.kafka.bootstrap-servers", stores.stores.kafka().bootstrapServers());
        return properties;
    }

    private TandemProcess.Running worker(Map<String, String> properties, String workerId) {
        Map<String, String> own = new HashMap<>(properties);
        own.put("tandem.backfill.distributed.worker-id", workerId);
        return start(own, "backfill", "--worker");
    }

    private TandemProcess.Running start(Map<String, String> properties, String... command) {
        TandemProcess.Running process = TandemProcess.start(StorePair.arguments(properties, command));
        processes.add(process);
        return process;
    }

    /** {@code chunk -> worker} of the chunks a worker's output reports DONE. */
    private static Map<Integer, String> done(String out) {
        Map<Integer, String> done = new HashMap<>();
        reports(out).forEach(report -> done.put(report.getKey(), report.getValue()));
        return done;
    }

    /** Each DONE line of a worker's output as {@code chunk, worker}, in order, repeats included. */
    private static List<Map.Entry<Integer, String>> reports(String out) {
        List<Map.Entry<Integer, String>> reports = new ArrayList<>();
        Matcher matcher = DONE.matcher(out);
        while (matcher.find()) {
            reports.add(Map.entry(Integer.parseInt(matcher.group(1)), matcher.group(2)));
        }
        return reports;
    }

    private static Integer lastCopying(String err) {
        Integer last = null;
        Matcher matcher = COPYING.matcher(err);
        while (matcher.find()) {
            last = Integer.parseInt(matcher.group(1));
        }
        return last;
    }

    /** {@code chunk -> worker} as the checkpoint table records who finished each chunk. */
    private Map<Integer, String> finishers() throws Exception {
        Map<Integer, String> finishers = new HashMap<>();
        try (Connection connection = stores.secondary.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT chunk_no, worker FROM tandem_backfill_chunk WHERE table_name = 'accounts'");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                finishers.put(rows.getInt(1), rows.getString(2));
            }
        }
        return finishers;
    }

    private long firstStarted() throws Exception {
        return single("SELECT MIN(started_at) FROM tandem_backfill_chunk WHERE table_name = 'accounts'");
    }

    private long lastFinished() throws Exception {
        return single("SELECT MAX(finished_at) FROM tandem_backfill_chunk WHERE table_name = 'accounts'");
    }

    private long single(String sql) throws Exception {
        try (Connection connection = stores.secondary.getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
