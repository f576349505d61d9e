package dev.tandem.testkit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time used so far by this JVM and by the processes it started (the embedded database servers
 * and their backends), for benchmarks: on a shared, noisy machine the CPU a piece of work costs
 * varies much less than the time it takes.
 *
 * @param jvmNanos CPU time of this JVM, all threads
 * @param serverNanos CPU time of this JVM's live descendant processes, with their children that ended
 */
public record CpuTime(long jvmNanos, long serverNanos) {

    /** {@code /proc}'s unit of CPU time: Linux reports it in USER_HZ, 100 per second on every common build. */
    private static final long CLOCK_TICKS = 100;

    /** The CPU time used so far. */
    public static CpuTime now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        long servers = ProcessHandle.current()
                .descendants()
                .mapToLong(CpuTime::processNanos)
                .sum();
        return new CpuTime(jvm, servers);
    }

    /**
     * The CPU time in nanoseconds of {@code process} and of its children that ended and were reaped (PostgreSQL's
     * backends of closed connections): user, system, children's user and children's system time from
     * {@code /proc/<pid>/stat}. Where there is no {@code /proc}, the process's own time.
     */
    public static long processNanos(ProcessHandle process) {
        Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        try {
            String line = Files.readString(stat);
            // Fields after the command name (which may hold spaces) in parentheses; utime is field 14.
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            for (int field = 14; field <= 17; field++) {
                ticks += Long.parseLong(fields[field - 3]);
            }
            return ticks * (1_000_000_000L / CLOCK_TICKS);
        } catch (IOException | RuntimeException e) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
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
