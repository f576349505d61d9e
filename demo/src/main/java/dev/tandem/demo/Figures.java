package dev.tandem.demo;

import dev.tandem.autoconfigure.DualWriteMetricNames;
import dev.tandem.retry.RetryMetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the services counted, read from their Micrometer meters (the numbers Prometheus scrapes):
 * the payments service's direct applies and hand-offs, the retry consumer's records by outcome.
 */
record Figures(
        long appliedDirectly,
        long staleOrDuplicateDirectly,
        Map<String, Long> handedOffByReason,
        long consumedApplied,
        long consumedStale,
        long consumedDuplicate,
        long deadLettered) {

    static Figures read(MeterRegistry payments, MeterRegistry retryConsumer) {
        long applied = 0;
        long staleOrDuplicate = 0;
        for (Timer timer : payments.find(DualWriteMetricNames.APPLY).timers()) {
            switch (timer.getId().getTag("outcome")) {
                case "APPLIED" -> applied += timer.count();
                case "STALE", "DUPLICATE" -> staleOrDuplicate += timer.count();
                default -> {} // FAILED counts failed batches; their writes are counted as hand-offs
            }
        }
        Map<String, Long> handedOff = new TreeMap<>();
        for (Counter counter : payments.find(DualWriteMetricNames.HANDOFF).counters()) {
            if (counter.count() > 0) {
                handedOff.put(counter.getId().getTag("reason"), (long) counter.count());
            }
        }
        Map<String, Long> consumed = new TreeMap<>();
        for (Counter counter : retryConsumer.find(RetryMetricNames.RECORDS).counters()) {
            consumed.merge(counter.getId().getTag("outcome"), (long) counter.count(), Long::sum);
        }
        return new Figures(
                applied,
                staleOrDuplicate,
                handedOff,
                consumed.getOrDefault("applied", 0L),
                consumed.getOrDefault("stale", 0L),
                consumed.getOrDefault("duplicate", 0L),
                consumed.getOrDefault("dead_lettered", 0L));
    }

    long handedOff() {
        return handedOffByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Writes that reached the secondary directly, whatever the fence made of them. */
    long direct() {
        return appliedDirectly + staleOrDuplicateDirectly;
    }

    /** Records the retry consumer is done with. */
    long consumed() {
        return consumedApplied + consumedStale + consumedDuplicate + deadLettered;
    }
}
