package dev.tandem.bench.reconcile;

import dev.tandem.bench.workers.RunFigures;
import dev.tandem.bench.workers.WorkerGroup;
import dev.tandem.bench.workers.WorkerRun;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.TableRecord;
import dev.tandem.reconcile.run.TableResult;
import dev.tandem.reconcile.store.RunStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;

/**
 * The runs of {@link ReconcileWorkersBenchmark}, each checked before its figures are returned:
 * {@code tandem run --full} in-process, and {@code tandem run --full} coordinating worker processes
 * ({@code tandem run --worker}) through topics and a consumer group of the run's own. Every run must
 * exit 1 (differences), store one new run record whose table found and confirmed exactly what a
 * single comparison in this JVM found (rows compared, counts per kind and per column), and in a
 * distributed run every segment must be reported compared once, by a worker started for the run,
 * its rows adding up to the rows compared.
 */
final class ReconcileRuns {

    /** The line a worker prints per segment it compared ({@code ReconcileWorker}). */
    private static final Pattern SEGMENT_LINE =
            Pattern.compile("(?m)^segment (\\d+)/big/(\\d+) compared by (\\S+): ([\\d,]+) rows");

    private static final int DIFFERENCES = 1;

    private final DataSource secondary;
    private final ReconcileConfig config;
    private final Admin admin;
    private final ProcessHandle broker;
    private final TableResult expected;
    private final int segments;
    private long lastRun; // the secondary is new: no run store before the first run
    private int runs;

    /**
     * @param expected what one comparison of {@code big} in this JVM found: every run must find the same
     * @param segments the segments a distributed run plans {@code big} in
     */
    ReconcileRuns(
            DataSource secondary,
            ReconcileConfig config,
            Admin admin,
            ProcessHandle broker,
            TableResult expected,
            int segments) {
        this.secondary = secondary;
        this.config = config;
        this.admin = admin;
        this.broker = broker;
        this.expected = expected;
        this.segments = segments;
    }

    /** {@code tandem run --full} in one process. */
    RunFigures inProcess() throws Exception {
        String kind = RunFigures.kind(0);
        runs++;
        WorkerRun run = WorkerRun.inProcess(config.inProcess(), DIFFERENCES, broker);
        TableRecord big = newRecord(kind);
        return run.figures(big.tookMillis() / 1e3, Map.of("in-process", big.rowsCompared()));
    }

    /** {@code tandem run --full} coordinating {@code count} worker processes. */
    RunFigures distributed(int count) throws Exception {
        String kind = RunFigures.kind(count);
        runs++;
        String name = String.valueOf(runs);
        WorkerGroup group = WorkerGroup.create(
                admin,
                ReconcileConfig.tasksTopic(name),
                "tandem-bench-reconcilers-" + runs,
                ReconcileConfig.PARTITIONS);
        WorkerRun run = WorkerRun.run(
                group,
                count,
                id -> config.worker(name, group.group(), id),
                config.coordinator(name, group.group()),
                DIFFERENCES,
                broker);
        TableRecord big = newRecord(kind);
        Map<String, Long> rowsByWorker = comparedOnce(kind, run.workerOut(), lastRun, segments, big.rowsCompared());
        return run.figures(big.tookMillis() / 1e3, rowsByWorker);
    }

    /** The run's record of {@code big}, once it is the one new run since the last and found what was expected. */
    private TableRecord newRecord(String kind) throws Exception {
        RunStore store = new RunStore(secondary);
        List<RunRecord> latest = store.latest(1);
        if (latest.isEmpty() || latest.get(0).id() <= lastRun) {
            throw new IllegalStateException(kind + ": the run stored no new record (last run " + lastRun + ")");
        }
        // latest() leaves the details (columns, samples) out; find() reads them
        RunRecord record = store.find(latest.get(0).id()).orElseThrow();
        lastRun = record.id();
        if (record.tables().size() != 1) {
            throw new IllegalStateException(
                    kind + ": run " + record.id() + " holds " + record.tables().size() + " tables, not big alone");
        }
        TableRecord big = record.tables().get(0);
        if (big.error() != null) {
            throw new IllegalStateException(kind + ": run " + record.id() + " failed on big: " + big.error());
        }
        check(kind, "rows compared", big.rowsCompared(), expected.rowsCompared());
        check(kind, "differences found (by kind)", big.foundCounts(), expected.foundCounts());
        check(kind, "differences confirmed", big.confirmed(), expected.confirmedTotal());
        check(kind, "confirmed differences by column", big.columns(), expected.confirmedByColumn());
        return big;
    }

    /**
     * Checks the lines the workers printed (standard output by worker id) for run {@code runId}: every
     * one of {@code segments} segments (numbered from 0) compared once, by the worker that printed it, {@code rows} rows in all.
     *
     * @return rows compared per worker
     */
    static Map<String, Long> comparedOnce(
            String kind, Map<String, String> outputByWorker, long runId, int segments, long rows) {
        Map<Integer, String> comparedBy = new TreeMap<>();
        Map<String, Long> rowsByWorker = new TreeMap<>();
        long compared = 0;
        for (Map.Entry<String, String> output : outputByWorker.entrySet()) {
            Matcher line = SEGMENT_LINE.matcher(output.getValue());
            while (line.find()) {
                if (Long.parseLong(line.group(1)) != runId) {
                    throw new IllegalStateException(kind + ": worker " + output.getKey() + " compared a segment of run "
                            + line.group(1) + ", not of run " + runId);
                }
                int segment = Integer.parseInt(line.group(2));
                String worker = line.group(3);
                if (!worker.equals(output.getKey())) {
                    throw new IllegalStateException(kind + ": worker " + output.getKey() + " printed segment " + segment
                            + " compared by " + worker);
                }
                String earlier = comparedBy.put(segment, worker);
                if (earlier != null) {
                    throw new IllegalStateException(
                            kind + ": segment " + segment + " was compared twice, by " + earlier + " and by " + worker);
                }
                long segmentRows = Long.parseLong(line.group(4).replace(",", ""));
                compared += segmentRows;
                rowsByWorker.merge(worker, segmentRows, Long::sum);
            }
        }
        if (comparedBy.size() != segments || comparedBy.keySet().stream().anyMatch(s -> s < 0 || s >= segments)) {
            throw new IllegalStateException(kind + ": the workers compared segments " + comparedBy.keySet()
                    + ", not segments 0 to " + (segments - 1));
        }
        if (compared != rows) {
            throw new IllegalStateException(
                    kind + ": the workers' lines count " + compared + " rows compared, the run record " + rows);
        }
        return rowsByWorker;
    }

    private static void check(String kind, String what, Object actual, Object expected) {
        if (!actual.equals(expected)) {
            throw new IllegalStateException(
                    kind + ": " + what + " were " + actual + ", a single comparison found " + expected);
        }
    }
}
