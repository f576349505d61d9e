package dev.tandem.bench.backfill;

import dev.tandem.backfill.ChunkTally;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run of {@link BackfillWorkersBenchmark} measured, checked before it was made.
 *
 * @param workers worker processes; 0 for the in-process run
 * @param seconds wall time from the start of the {@code tandem backfill} process (the coordinator, or
 *     the in-process run) to its exit, its JVM's start included
 * @param copySeconds from the first chunk's start to the last one's end, as the checkpoints record them
 * @param mainCpu CPU seconds of the {@code tandem backfill} process, start to exit
 * @param workerCpu CPU seconds of each worker process from the coordinator's start to just before it
 *     was stopped (their own start-up, before the run, left out)
 * @param brokerCpu CPU seconds of the broker's JVM over the run
 * @param rowsByWorker rows copied per worker, from the checkpoints
 */
record RunFigures(
        int workers,
        double seconds,
        double copySeconds,
        double mainCpu,
        List<Double> workerCpu,
        double brokerCpu,
        Map<String, Long> rowsByWorker) {

    RunFigures {
        workerCpu = List.copyOf(workerCpu);
        rowsByWorker = Map.copyOf(rowsByWorker);
    }

    /** The kind of run, e.g. {@code in-process, 1 thread} or {@code 2 workers}. */
    String kind() {
        return kind(workers);
    }

    static String kind(int workers) {
        return workers == 0 ? "in-process, 1 thread" : workers + (workers == 1 ? " worker" : " workers");
    }

    double workerCpuTotal() {
        return workerCpu.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The copy's span and rows per worker from the checkpoints' tallies. */
    static double copySeconds(List<ChunkTally> tallies) {
        long first =
                tallies.stream().mapToLong(ChunkTally::firstStartedAt).min().orElse(0);
        long last = tallies.stream().mapToLong(ChunkTally::lastFinishedAt).max().orElse(0);
        return (last - first) / 1e3;
    }

    static Map<String, Long> rowsByWorker(List<ChunkTally> tallies) {
        Map<String, Long> rows = new TreeMap<>();
        tallies.forEach(t -> rows.merge(String.valueOf(t.worker()), t.rowsCopied(), Long::sum));
        return rows;
    }
}
