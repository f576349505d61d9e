package dev.tandem.retry.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Judges each partition over a sliding window of samples rather than against a threshold: progress
 * is the committed offset moving, growth is the lag at the end of the window against its start, and
 * a partition is stalled when records waited through the whole window without any being consumed. A
 * window counts as seen once the samples span it; until then only STOPPED and ERROR are judged.
 */
final class LagJudge {

    private final Duration window;
    private final Map<Integer, List<PartitionSample>> history = new HashMap<>();

    LagJudge(Duration window) {
        this.window = window;
    }

    /**
     * Adds the samples of one moment and judges every partition.
     *
     * @param secondaryError why the secondary is unreachable, or empty
     * @param localFailure the transient failure a consumer of this process is retrying on a partition, if any
     */
    LagReport judge(
            String topic,
            String group,
            Instant now,
            List<PartitionSample> samples,
            Optional<String> secondaryError,
            IntFunction<Optional<ConsumerActivity.Failure>> localFailure) {
        List<PartitionLag> partitions = new ArrayList<>(samples.size());
        LagStatus worst = LagStatus.OK;
        long lagRecords = 0;
        double lagSeconds = 0;
        double rate = 0;
        double netDrain = 0;
        for (PartitionSample sample : samples) {
            PartitionSample first = remember(sample);
            PartitionLag lag = judge(first, sample, secondaryError, localFailure.apply(sample.partition()));
            partitions.add(lag);
            worst = worst.worse(lag.status());
            lagRecords += lag.lagRecords();
            lagSeconds = Math.max(lagSeconds, lag.lagSeconds());
            rate += lag.applyRate();
            netDrain += netDrainRate(first, sample);
        }
        history.keySet()
                .retainAll(samples.stream().map(PartitionSample::partition).toList());
        return new LagReport(
                now, topic, group, worst, lagRecords, lagSeconds, rate, eta(lagRecords, netDrain), partitions, null);
    }

    /** Adds {@code sample} and returns the oldest sample still within the window. */
    private PartitionSample remember(PartitionSample sample) {
        List<PartitionSample> samples = history.computeIfAbsent(sample.partition(), p -> new ArrayList<>());
        samples.add(sample);
        // The anchor is the newest sample at least a window old; older ones are dropped.
        Instant windowStart = sample.at().minus(window);
        while (samples.size() > 1 && !samples.get(1).at().isAfter(windowStart)) {
            samples.remove(0);
        }
        return samples.get(0);
    }

    private PartitionLag judge(
            PartitionSample first,
            PartitionSample now,
            Optional<String> secondaryError,
            Optional<ConsumerActivity.Failure> failure) {
        long lag = now.lag();
        double lagSeconds = now.oldestUnappliedAt() == null || lag == 0
                ? 0
                : Math.max(
                        0, Duration.between(now.oldestUnappliedAt(), now.at()).toMillis() / 1000.0);
        double span = seconds(first, now);
        double rate = span > 0 ? (now.committedOffset() - first.committedOffset()) / span : 0;
        Double eta = eta(lag, netDrainRate(first, now));
        boolean windowSeen = !first.at().isAfter(now.at().minus(window));
        LagStatus status;
        String detail;
        if (!now.owned()) {
            status = LagStatus.STOPPED;
            detail = "no consumer of the group owns this partition";
        } else if (secondaryError.isPresent()) {
            status = LagStatus.ERROR;
            detail = "secondary unreachable: " + secondaryError.get();
        } else if (failure.isPresent()) {
            status = LagStatus.ERROR;
            detail = "secondary refuses records since " + failure.get().since() + ", retrying with back-off: "
                    + failure.get().error();
        } else if (lag == 0) {
            status = LagStatus.OK;
            detail = "drained";
        } else if (windowSeen && first.lag() > 0 && now.committedOffset() == first.committedOffset()) {
            status = LagStatus.STALLED;
            detail = lag + " records waiting and none consumed in the last "
                    + pretty(Duration.between(first.at(), now.at()));
        } else if (windowSeen && first.lag() > 0 && lag > first.lag()) {
            status = LagStatus.WARNING;
            detail = "lag grew from " + first.lag() + " to " + lag + " records in the last "
                    + pretty(Duration.between(first.at(), now.at()));
        } else {
            status = LagStatus.OK;
            detail = "draining";
        }
        return new PartitionLag(now.partition(), lag, lagSeconds, rate, eta, status, detail);
    }

    private static double netDrainRate(PartitionSample first, PartitionSample now) {
        double span = seconds(first, now);
        return span > 0 ? (first.lag() - now.lag()) / span : 0;
    }

    private static Double eta(long lag, double netDrainRate) {
        if (lag == 0) {
            return 0.0;
        }
        return netDrainRate > 0 ? lag / netDrainRate : null;
    }

    private static double seconds(PartitionSample first, PartitionSample now) {
        return Duration.between(first.at(), now.at()).toMillis() / 1000.0;
    }

    private static String pretty(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }
}
