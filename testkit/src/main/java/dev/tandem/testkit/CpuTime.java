package dev.tandem.testkit;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time used so far by this JVM and by the processes it started (the embedded database servers
 * and their backends), for benchmarks: on a shared, noisy machine the CPU a piece of work costs
 * varies much less than the time it takes.
 *
 * @param jvmNanos CPU time of this JVM, all threads
 * @param serverNanos CPU time of this JVM's live descendant processes
 */
public record CpuTime(long jvmNanos, long serverNanos) {

    /** The CPU time used so far. */
    public static CpuTime now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long servers = ProcessHandle.current()
                .descendants()
                .mapToLong(
                        p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
        return new CpuTime(jvm, servers);
    }

    /** Seconds of CPU, JVM and servers together, used since {@code start}. */
    public double secondsSince(CpuTime start) {
        return (jvmNanos - start.jvmNanos + serverNanos - start.serverNanos) / 1e9;
    }

    /** Seconds of CPU of the JVM alone since {@code start}. */
    public double jvmSecondsSince(CpuTime start) {
        return (jvmNanos - start.jvmNanos) / 1e9;
    }

    /** Seconds of CPU of the servers alone since {@code start}. */
    public double serverSecondsSince(CpuTime start) {
        return (serverNanos - start.serverNanos) / 1e9;
    }

    /** For example {@code JVM 12.3 s, database servers 4.5 s}. */
    public String since(CpuTime start) {
        return String.format("JVM %.1f s, database servers %.1f s", jvmSecondsSince(start), serverSecondsSince(start));
    }
}
