package dev.tandem.bench.retry;

import dev.tandem.testkit.CpuTime;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time per Java thread, grouped by name with numbers dropped ({@code kafka-request-handler-N}),
 * for a diagnostic of where a drain's CPU goes; what the JVM spent beyond its Java threads (garbage
 * collection, JIT compilation) shows as {@code (GC, JIT and other JVM threads)}.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> nanosById = new HashMap<>();
    private final Map<Long, String> nameById = new HashMap<>();
    private final long processNanos;
    private final long compileMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    private final long gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream()
            .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
            .sum();

    private ThreadCpu() {
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                long nanos = THREADS.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    nanosById.put(info.getThreadId(), nanos);
                    nameById.put(info.getThreadId(), info.getThreadName().replaceAll("\\d+", "N"));
                }
            }
        }
        processNanos = CpuTime.now().jvmNanos();
    }

    static ThreadCpu now() {
        return new ThreadCpu();
    }

    /** The groups that spent most since {@code start}, for example {@code consumer 4.1 s, broker 2.0 s}. */
    String since(ThreadCpu start, int groups) {
        Map<String, Long> byGroup = new HashMap<>();
        long threads = 0;
        for (Map.Entry<Long, Long> thread : nanosById.entrySet()) {
            long spent = thread.getValue() - start.nanosById.getOrDefault(thread.getKey(), 0L);
            byGroup.merge(nameById.get(thread.getKey()), spent, Long::sum);
            threads += spent;
        }
        byGroup.put("(GC, JIT and other JVM threads)", processNanos - start.processNanos - threads);
        return byGroup.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .limit(groups)
                        .map(e -> String.format("%s %.1f s", e.getKey(), e.getValue() / 1e9))
                        .collect(Collectors.joining(", "))
                + String.format(
                        "; meanwhile JIT compilation took %.1f s and garbage collections %.1f s",
                        (compileMillis - start.compileMillis) / 1e3, (gcMillis - start.gcMillis) / 1e3);
    }
}
