package dev.tandem.bench.workers;

import dev.tandem.testkit.CpuTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One distributed run of a workers benchmark, its processes as an operator starts them: {@code
 * count} worker processes started and in the run's group (each holding its share of the
 * partitions), then the coordinator, run to its exit with the status the run expects; then every
 * task committed and every worker still alive, read and stopped. What the run did to the stores is
 * the benchmark's to check.
 *
 * @param coordinatorSeconds the coordinator's wall time, JVM start to exit
 * @param coordinatorCpu the coordinator's CPU seconds, start to exit
 * @param coordinatorOut the coordinator's standard output
 * @param workerCpu each worker's CPU seconds from the coordinator's start to just before it was stopped
 * @param workerOut each worker's standard output, by worker id
 * @param brokerCpu the broker's CPU seconds over the coordinator's life
 */
public record WorkerRun(
        double coordinatorSeconds,
        double coordinatorCpu,
        String coordinatorOut,
        List<Double> workerCpu,
        Map<String, String> workerOut,
        double brokerCpu) {

    private static final int HEAP_MB = 512;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(30);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(40);

    public WorkerRun {
        workerCpu = List.copyOf(workerCpu);
        workerOut = Map.copyOf(workerOut);
    }

    /**
     * Runs workers {@code w1…w<count>} ({@code worker} gives a worker id's arguments) and then the
     * coordinator ({@code coordinator}'s arguments), which must exit with {@code status}.
     */
    public static WorkerRun run(
            WorkerGroup group,
            int count,
            Function<String, List<String>> worker,
            List<String> coordinator,
            int status,
            ProcessHandle broker)
            throws Exception {
        String kind = RunFigures.kind(count);
        Map<String, TandemJvm> workers = new LinkedHashMap<>();
        try {
            for (int w = 1; w <= count; w++) {
                String id = "w" + w;
                workers.put(id, TandemJvm.start("worker " + id, false, HEAP_MB, worker.apply(id)));
            }
            group.awaitMembers(kind, workers);
            Map<String, Double> cpuStart = new LinkedHashMap<>();
            workers.forEach((id, process) -> cpuStart.put(id, process.cpuSeconds()));
            double brokerStart = cpuSeconds(broker);
            try (TandemJvm run = TandemJvm.start("coordinator", true, HEAP_MB, coordinator)) {
                run.awaitExit(kind, RUN_LIMIT, status);
                double brokerUsed = cpuSeconds(broker) - brokerStart;
                group.awaitCommitted(kind);
                List<Double> workerCpu = new ArrayList<>();
                Map<String, String> workerOut = new LinkedHashMap<>();
                for (Map.Entry<String, TandemJvm> process : workers.entrySet()) {
                    if (!process.getValue().alive()) {
                        throw new IllegalStateException(kind + ": worker " + process.getKey() + " ended during the"
                                + " run; its error output:\n"
                                + process.getValue().errTail());
                    }
                    workerCpu.add(process.getValue().cpuSeconds() - cpuStart.get(process.getKey()));
                }
                for (Map.Entry<String, TandemJvm> process : workers.entrySet()) {
                    process.getValue().stop(STOP_LIMIT);
                    workerOut.put(process.getKey(), process.getValue().out());
                }
                return new WorkerRun(run.seconds(), run.exitCpuSeconds(), run.out(), workerCpu, workerOut, brokerUsed);
            }
        } finally {
            for (TandemJvm process : workers.values()) {
                process.close();
            }
        }
    }

    /**
     * The command alone, in one process ({@code args}), which must exit with {@code status}: its wall
     * time, CPU and output as a run without workers.
     */
    public static WorkerRun inProcess(List<String> args, int status, ProcessHandle broker) throws Exception {
        double brokerStart = cpuSeconds(broker);
        try (TandemJvm run = TandemJvm.start("in-process run", true, HEAP_MB, args)) {
            run.awaitExit(RunFigures.kind(0), RUN_LIMIT, status);
            return new WorkerRun(
                    run.seconds(),
                    run.exitCpuSeconds(),
                    run.out(),
                    List.of(),
                    Map.of(),
                    cpuSeconds(broker) - brokerStart);
        }
    }

    /** The figures of this run, with the span and the rows per worker the benchmark read from the stores. */
    public RunFigures figures(double spanSeconds, Map<String, Long> rowsByWorker) {
        return new RunFigures(
                workerOut.size(), coordinatorSeconds, spanSeconds, coordinatorCpu, workerCpu, brokerCpu, rowsByWorker);
    }

    private static double cpuSeconds(ProcessHandle process) {
        return CpuTime.processNanos(process) / 1e9;
    }
}
