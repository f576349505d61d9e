package dev.tandem.bench.workers;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one run of a workers benchmark (a backfill's or a reconcile's, 1, 2 and 3 worker processes
 * against the in-process run) measured, checked before it was made.
 *
 * @param workers worker processes; 0 for the in-process run
 * @param seconds wall time from the start of the command's process (the coordinator, or the
 *     in-process run) to its exit, its JVM's start included
 * @param spanSeconds the work's own span as the run recorded it (a backfill: first chunk started to
 *     last chunk finished; a reconcile: the table's comparison)
 * @param mainCpu CPU seconds of the command's process, start to exit
 * @param workerCpu CPU seconds of each worker process from the coordinator's start to just before it
 *     was stopped (their own start-up, before the run, left out)
 * @param brokerCpu CPU seconds of the broker's JVM over the run
 * @param rowsByWorker rows per worker, as the run recorded them
 */
public record RunFigures(
        int workers,
        double seconds,
        double spanSeconds,
        double mainCpu,
        List<Double> workerCpu,
        double brokerCpu,
        Map<String, Long> rowsByWorker) {

    public RunFigures {
        workerCpu = List.copyOf(workerCpu);
        rowsByWorker = Collections.unmodifiableMap(new TreeMap<>(rowsByWorker));
    }

    /** The kind of run, e.g. {@code in-process, 1 thread} or {@code 2 workers}. */
    public String kind() {
        return kind(workers);
    }

    public static String kind(int workers) {
        return workers == 0 ? "in-process, 1 thread" : workers + (workers == 1 ? " worker" : " workers");
    }

    public double workerCpuTotal() {
        return workerCpu.stream().mapToDouble(Double::doubleValue).sum();
    }
}
