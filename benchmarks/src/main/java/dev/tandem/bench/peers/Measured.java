package dev.tandem.bench.peers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs of a benchmark, by kind (e.g. "backfill", "pgloader 4 workers"), in the order they ran:
 * how long each took and the CPU time each process spent, printed per run and summarised as best
 * and mean.
 */
public final class Measured {

    /**
     * One run.
     *
     * @param seconds wall time
     * @param jvmCpu CPU seconds of the benchmark's JVM (Tandem's work, or nothing for a peer)
     * @param serverCpu CPU seconds of the database servers
     * @param peerCpu CPU seconds of the peer's processes (pgloader, the clients), 0 for Tandem
     */
    public record Run(double seconds, double jvmCpu, double serverCpu, double peerCpu) {

        double cpu() {
            return jvmCpu + serverCpu + peerCpu;
        }
    }

    private final long rows;
    private final Map<String, List<Run>> runs = new LinkedHashMap<>();

    /** Runs that each handle {@code rows} rows. */
    public Measured(long rows) {
        this.rows = rows;
    }

    /** Records a run of {@code kind} and prints it. */
    public Run add(String kind, Run run) {
        runs.computeIfAbsent(kind, k -> new ArrayList<>()).add(run);
        System.out.printf(
                "%-26s %6.1f s  %,10.0f rows/s  CPU per 1,000 rows: JVM %.1f ms, servers %.1f ms, peer %.1f ms%n",
                kind + ":",
                run.seconds(),
                rows / run.seconds(),
                perThousand(run.jvmCpu()),
                perThousand(run.serverCpu()),
                perThousand(run.peerCpu()));
        return run;
    }

    /** Whether any run of {@code kind} was recorded. */
    public boolean has(String kind) {
        return runs.containsKey(kind);
    }

    /** The fastest run of {@code kind}. */
    public Run best(String kind) {
        return of(kind).stream().min(Comparator.comparingDouble(Run::seconds)).orElseThrow();
    }

    /** The mean wall time of {@code kind}'s runs. */
    public double meanSeconds(String kind) {
        return of(kind).stream().mapToDouble(Run::seconds).average().orElseThrow();
    }

    /** The best of several kinds (e.g. pgloader's best worker count), by wall time. */
    public String fastest(List<String> kinds) {
        return kinds.stream()
                .filter(this::has)
                .min(Comparator.comparingDouble(k -> best(k).seconds()))
                .orElseThrow();
    }

    /** One line per kind: best and mean rows/s, and the runs. */
    public void printSummary() {
        System.out.println();
        runs.forEach((kind, list) -> System.out.printf(
                "%-26s best %,10.0f rows/s, mean %,10.0f rows/s, CPU (all processes) %.1f ms per 1,000 rows; runs %s%n",
                kind + ":",
                rows / best(kind).seconds(),
                rows / meanSeconds(kind),
                perThousand(list.stream().mapToDouble(Run::cpu).average().orElseThrow()),
                list.stream().map(r -> String.format("%.1f s", r.seconds())).toList()));
    }

    /**
     * Prints how {@code kind} compares with {@code peer} in rows/s (best against best, mean against
     * mean), and whether the target ratio is met.
     */
    public void printRatio(String kind, String peer, double target) {
        double best = best(peer).seconds() / best(kind).seconds();
        System.out.printf(
                "ratio %s / %s: %.2f best against best, %.2f mean against mean (target >= %.2f: %s)%n",
                kind, peer, best, meanSeconds(peer) / meanSeconds(kind), target, best >= target ? "met" : "NOT met");
    }

    /** Prints how {@code kind} compares with {@code peer} in rows/s, where no target is set. */
    public void printRatio(String kind, String peer) {
        System.out.printf(
                "ratio %s / %s: %.2f best against best, %.2f mean against mean%n",
                kind, peer, best(peer).seconds() / best(kind).seconds(), meanSeconds(peer) / meanSeconds(kind));
    }

    private double perThousand(double cpuSeconds) {
        return cpuSeconds * 1e6 / rows;
    }

    private List<Run> of(String kind) {
        List<Run> list = runs.get(kind);
        if (list == null) {
            throw new IllegalArgumentException("No run of " + kind);
        }
        return list;
    }
}
