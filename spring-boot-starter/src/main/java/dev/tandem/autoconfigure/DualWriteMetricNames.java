package dev.tandem.autoconfigure;

/**
 * Names of the dual-write library's Micrometer metrics; tags are bounded ({@code outcome}, {@code
 * reason}, {@code cause}, {@code phase}). The secondary's circuit breaker is exported by
 * resilience4j's Micrometer binder ({@code TaggedCircuitBreakerMetrics}) as {@value #BREAKER_STATE}
 * and the other {@code resilience4j.circuitbreaker.*} meters, tag {@code name} = {@code
 * tandem-secondary}.
 */
public final class DualWriteMetricNames {

    /**
     * Timer of direct applies to the secondary, tagged {@code outcome}: APPLIED, STALE, DUPLICATE or
     * FAILED; a percentile histogram.
     */
    public static final String APPLY = "tandem.dualwrite.apply";
    /** Counter of mutations handed to the retry topic, tagged {@code reason}. */
    public static final String HANDOFF = "tandem.dualwrite.handoff";
    /**
     * Counter of writes lost: committed on the primary, yet taken by neither the secondary, the retry
     * topic nor the local spool (and kept by no outbox). The secondary misses them until a reconcile.
     */
    public static final String LOST = "tandem.dualwrite.lost";
    /** Gauge of records in the local spool. */
    public static final String SPOOL_RECORDS = "tandem.dualwrite.spool.records";
    /** Gauge of bytes in the local spool. */
    public static final String SPOOL_BYTES = "tandem.dualwrite.spool.bytes";
    /** Gauge, 0 to 1: the local spool's bytes over its capacity; writes are lost when it is full. */
    public static final String SPOOL_FILL_RATIO = "tandem.dualwrite.spool.fill.ratio";
    /**
     * Counter of retry producers replaced after an error they cannot recover from, tagged {@code cause}
     * (an {@code UnrecoverableProducerError}: OUT_OF_ORDER_SEQUENCE, PRODUCER_FENCED, AUTHORIZATION …).
     */
    public static final String PRODUCER_RENEWALS = "tandem.dualwrite.producer.renewals";
    /**
     * Gauge of resilience4j's binder: 1 for the circuit breaker's current {@code state} (lower case:
     * closed, open, half_open, …), 0 for the others.
     */
    public static final String BREAKER_STATE = "resilience4j.circuitbreaker.state";
    /** Gauge of rows in the crash-safe outbox. */
    public static final String OUTBOX_DEPTH = "tandem.dualwrite.outbox.depth";
    /** Gauge of the age in seconds of the outbox's oldest row. */
    public static final String OUTBOX_OLDEST_AGE = "tandem.dualwrite.outbox.oldest.age";
    /** Gauge of writes waiting in the async queue. */
    public static final String QUEUE = "tandem.dualwrite.queue";

    /** Gauge of the migration's phase epoch the instance follows. */
    public static final String MIGRATION_EPOCH = "tandem.migration.epoch";
    /** Gauge per {@code phase}: 1 for the migration phase the instance follows, 0 for the others (all 0 before the first). */
    public static final String MIGRATION_PHASE = "tandem.migration.phase";
    /** Counter of shadow reads, tagged {@code outcome}: match, mismatch or dropped. */
    public static final String MIGRATION_SHADOW_READS = "tandem.migration.shadow.reads";
    /** Counter of reads meant for the secondary that the primary served after a failure. */
    public static final String MIGRATION_READ_FALLBACKS = "tandem.migration.read.fallbacks";
    /** Timer of how long cutovers held writes (a percentile histogram). */
    public static final String MIGRATION_WRITE_HOLD = "tandem.migration.write.hold";

    private DualWriteMetricNames() {}
}
