package dev.tandem.bench.dualwrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One mode's figures in a round of {@link DualWriteBenchmark}, and how they are printed: as measured,
 * and as ratios to the same round's primary-only writes. CPU in microseconds per write: this JVM's
 * (application and library), the caller threads' own share of it, and the broker JVM's (NaN when the
 * broker shares this JVM).
 */
record Figures(
        double writesPerSecond,
        long p50Micros,
        long p99Micros,
        long p999Micros,
        double appCpuMicros,
        double callerCpuMicros,
        double brokerCpuMicros) {

    private static final String HEADER = "%-28s %10s %8s %8s %8s %9s %11s %11s %13s %7s %9s%n";

    /** The heading of a round's table. */
    static void printHeader(int round, List<Mode> order) {
        System.out.printf(
                Locale.ROOT,
                "%nRound %d (order %s)%n" + HEADER,
                round,
                order,
                "mode",
                "writes/s",
                "p50 µs",
                "p99 µs",
                "p999 µs",
                "app µs/w",
                "caller µs/w",
                "broker µs/w",
                "throughput ×",
                "p50 ×",
                "app CPU ×");
    }

    /** This mode's row of a round's table, against {@code baseline} (primary-only, same round). */
    void print(String mode, Figures baseline) {
        System.out.printf(
                Locale.ROOT,
                "%-28s %10.0f %8d %8d %8d %9.0f %11.0f %11.0f %13.2f %7.2f %9.2f%n",
                mode,
                writesPerSecond,
                p50Micros,
                p99Micros,
                p999Micros,
                appCpuMicros,
                callerCpuMicros,
                brokerCpuMicros,
                writesPerSecond / baseline.writesPerSecond,
                (double) p50Micros / baseline.p50Micros,
                appCpuMicros / baseline.appCpuMicros);
    }

    /** The median of a mode's same-round ratios. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
