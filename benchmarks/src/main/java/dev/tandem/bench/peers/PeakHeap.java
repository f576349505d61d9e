package dev.tandem.bench.peers;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The peak heap of this JVM during a run: the sum of the heap pools' peaks, garbage not yet
 * collected included, for the benchmarks' memory line (issue 17: flat use in a small heap).
 */
public final class PeakHeap {

    private PeakHeap() {}

    /** Collects garbage and starts the pools' peaks afresh, before a run. */
    public static void reset() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks since {@link #reset()}, in bytes. */
    public static long bytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }
}
