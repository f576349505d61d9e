package dev.tandem.retry;

import io.micrometer.core.instrument.Tags;

/**
 * Names of the retry consumer's Micrometer meters. Every meter carries {@value #TOPIC} and {@value
 * #GROUP} ({@link #tags}); the others are bounded: partition, outcome, reason, status.
 */
public final class RetryMetricNames {

    /** Tag of every meter: the topic it is about (the retry topic; the DLT for {@link #DLT_RECORDS}). */
    public static final String TOPIC = "topic";
    /** Tag of every meter: the retry consumer group. */
    public static final String GROUP = "group";

    /** Gauge per partition: records on the retry topic not yet applied. */
    public static final String LAG_RECORDS = "tandem.retry.lag.records";
    /** Gauge per partition: age of the oldest unapplied write, from its commit time in the primary. */
    public static final String LAG_SECONDS = "tandem.retry.lag.seconds";
    /** Gauge: records consumed per second over the lag window, all partitions. */
    public static final String APPLY_RATE = "tandem.retry.apply.rate";
    /** Gauge: estimated seconds until the lag is drained at the current net rate; NaN when not draining. */
    public static final String DRAIN_ETA = "tandem.retry.drain.eta.seconds";
    /** Gauge per status: 1 for the current overall status, 0 for the others. */
    public static final String STATUS = "tandem.retry.status";
    /** Counter of consumed records by outcome: applied, stale, duplicate, dead_lettered. */
    public static final String RECORDS = "tandem.retry.records";
    /** Counter of dead-lettered records by reason. */
    public static final String DEAD_LETTERS = "tandem.retry.dead.letters";
    /** Counter of batches the secondary could not take for now (each is retried after a back-off). */
    public static final String TRANSIENT_FAILURES = "tandem.retry.transient.failures";
    /** Timer of batch applies that went through, including dead-lettering and the offset commit (a percentile histogram). */
    public static final String BATCH = "tandem.retry.batch";
    /**
     * Gauge: records retained in the dead-letter topic (tag {@code topic} is the DLT), sampled with the
     * lag; they stay until replayed and purged. NaN until the first sample; a failed sample keeps the last.
     */
    public static final String DLT_RECORDS = "tandem.retry.dlt.records";

    private RetryMetricNames() {}

    /** The {@value #TOPIC} and {@value #GROUP} tags every meter of the retry consumer carries. */
    public static Tags tags(String topic, String group) {
        return Tags.of(TOPIC, topic, GROUP, group);
    }
}
