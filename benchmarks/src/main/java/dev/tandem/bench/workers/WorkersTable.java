package dev.tandem.bench.workers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints a workers benchmark's runs: one line per run as it ends, then a table per kind (best and
 * mean rows/s, the ratio to the in-process run, CPU per 1,000 rows of the workers and in all, rows
 * per worker CPU-second, the coordinator's CPU).
 */
public final class WorkersTable {

    private final long rows;
    private final String command;
    private final String span;
    private final String spanNote;
    private final Map<Integer, List<RunFigures>> byWorkers = new TreeMap<>();

    /**
     * @param rows rows of the table every run works through
     * @param command the command measured, e.g. {@code tandem backfill}
     * @param span what {@link RunFigures#spanSeconds()} is called in the table, e.g. {@code copy}
     * @param spanNote how the span was read, printed under the table
     */
    public WorkersTable(long rows, String command, String span, String spanNote) {
        this.rows = rows;
        this.command = command;
        this.span = span;
        this.spanNote = spanNote;
    }

    /** Records a run and prints its line. */
    public void add(int round, RunFigures run) {
        byWorkers.computeIfAbsent(run.workers(), k -> new ArrayList<>()).add(run);
        System.out.printf(
                "round %d, %-21s %6.1f s (" + span
                        + " %5.1f s) %,9.0f rows/s; CPU: %s %.1f s%s, broker %.1f s; rows %s%n",
                round,
                run.kind() + ":",
                run.seconds(),
                run.spanSeconds(),
                rows / run.seconds(),
                run.workers() == 0 ? "process" : "coordinator",
                run.mainCpu(),
                run.workers() == 0
                        ? ""
                        : ", workers "
                                + run.workerCpu().stream()
                                        .map(c -> String.format("%.1f", c))
                                        .collect(Collectors.joining(" + "))
                                + " s",
                run.brokerCpu(),
                run.rowsByWorker().values().stream()
                        .map(r -> String.format("%,d", r))
                        .collect(Collectors.joining(" / ")));
    }

    /** The table, in Markdown. */
    public void printSummary() {
        List<RunFigures> baseline = byWorkers.get(0);
        System.out.println();
        System.out.println(
                "| kind | best rows/s | mean rows/s | × in-process (best / mean) | mean " + span + "-span rows/s"
                        + " | worker CPU per 1,000 rows | rows per worker CPU-second | coordinator CPU | all tandem CPU per"
                        + " 1,000 rows |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        byWorkers.forEach((workers, runs) -> {
            double best =
                    rows / runs.stream().mapToDouble(RunFigures::seconds).min().orElseThrow();
            double mean = rows / mean(runs, RunFigures::seconds);
            double spanRate = rows / mean(runs, RunFigures::spanSeconds);
            double workerCpu = mean(runs, RunFigures::workerCpuTotal);
            double mainCpu = mean(runs, RunFigures::mainCpu);
            System.out.printf(
                    "| %s | %,.0f | %,.0f | %s | %,.0f | %s | %s | %s | %.1f ms |%n",
                    RunFigures.kind(workers),
                    best,
                    mean,
                    workers == 0
                            ? "1.00 / 1.00"
                            : String.format(
                                    "%.2f / %.2f",
                                    best
                                            / (rows
                                                    / baseline.stream()
                                                            .mapToDouble(RunFigures::seconds)
                                                            .min()
                                                            .orElseThrow()),
                                    mean / (rows / mean(baseline, RunFigures::seconds))),
                    spanRate,
                    workers == 0 ? "–" : String.format("%.1f ms", workerCpu * 1e6 / rows),
                    workers == 0 ? "–" : String.format("%,.0f", rows / workerCpu),
                    workers == 0 ? "–" : String.format("%.1f s", mainCpu),
                    (mainCpu + workerCpu) * 1e6 / rows);
        });
        System.out.println();
        System.out.println("Wall time runs from the start of the `" + command + "` process (coordinator or in-process)"
                + " to its exit, JVM start included; the workers were started and in their group before it. Worker"
                + " CPU is each worker JVM's from the coordinator's start to just before it was stopped; all tandem"
                + " CPU adds the coordinator's (or the in-process JVM's) whole life. " + spanNote);
        System.out.println("On a 2-core machine 3 workers (and 2) compete for 2 cores with the coordinator, the broker"
                + " and both databases, so these figures show the overhead of coordination more than a speed-up;"
                + " rows per worker CPU-second estimates what each worker adds on a host of its own.");
    }

    private static double mean(List<RunFigures> runs, java.util.function.ToDoubleFunction<RunFigures> value) {
        return runs.stream().mapToDouble(value).average().orElseThrow();
    }

    /** The kinds' worker counts in the order a round runs them: ascending in odd rounds, descending in even. */
    public static List<Integer> order(int round, List<Integer> counts) {
        List<Integer> ordered = new ArrayList<>(counts);
        ordered.sort(round % 2 == 1 ? Comparator.naturalOrder() : Comparator.reverseOrder());
        return ordered;
    }
}
