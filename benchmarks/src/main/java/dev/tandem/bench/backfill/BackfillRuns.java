package dev.tandem.bench.backfill;

import dev.tandem.backfill.Checkpoints;
import dev.tandem.backfill.ChunkTally;
import dev.tandem.bench.workers.RunFigures;
import dev.tandem.bench.workers.WorkerGroup;
import dev.tandem.bench.workers.WorkerRun;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;

/**
 * The runs of {@link BackfillWorkersBenchmark}, each into an emptied secondary and checked before
 * its figures are returned: {@code tandem backfill} in-process, and {@code tandem backfill} coordinating
 * worker processes ({@code tandem backfill --worker}) through a tasks topic and consumer group of the
 * run's own ({@link WorkerRun}).
 */
final class BackfillRuns {

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
        WorkerRun run = WorkerRun.inProcess(config.inProcess(), 0, broker);
        List<ChunkTally> tallies = CopyCheck.checkpoints(kind, checkpoints(), rows, Set.of());
        SameRows.check(kind, primary, secondary, rows);
        return run.figures(copySeconds(tallies), rowsByWorker(tallies));
    }

    /** {@code tandem backfill} coordinating {@code count} worker processes of one copying thread each. */
    RunFigures distributed(int count) throws Exception {
        String kind = RunFigures.kind(count);
        BigTable.reset(secondary);
        runs++;
        WorkerGroup group = WorkerGroup.create(
                admin, "tandem.bench.tasks." + runs, "tandem-bench-workers-" + runs, TandemConfig.PARTITIONS);
        WorkerRun run = WorkerRun.run(
                group,
                count,
                id -> config.worker(group.topic(), group.group(), id),
                config.coordinator(group.topic(), group.group()),
                0,
                broker);
        List<ChunkTally> tallies =
                CopyCheck.checkpoints(kind, checkpoints(), rows, run.workerOut().keySet());
        CopyCheck.finishedOnce(
                kind, run.workerOut(), checkpoints().chunks("big").size(), rows);
        SameRows.check(kind, primary, secondary, rows);
        return run.figures(copySeconds(tallies), rowsByWorker(tallies));
    }

    private Checkpoints checkpoints() {
        return new Checkpoints(secondary, "tandem_backfill_chunk");
    }

    /** First chunk started to last chunk finished, from the checkpoints. */
    private static double copySeconds(List<ChunkTally> tallies) {
        long first =
                tallies.stream().mapToLong(ChunkTally::firstStartedAt).min().orElse(0);
        long last = tallies.stream().mapToLong(ChunkTally::lastFinishedAt).max().orElse(0);
        return (last - first) / 1e3;
    }

    private static Map<String, Long> rowsByWorker(List<ChunkTally> tallies) {
        Map<String, Long> rows = new TreeMap<>();
        tallies.forEach(t -> rows.merge(String.valueOf(t.worker()), t.rowsCopied(), Long::sum));
        return rows;
    }
}
