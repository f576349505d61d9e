package dev.tandem.backfill;

import dev.tandem.core.pace.BusyProbe;
import dev.tandem.core.pace.Throttle;
import java.time.Duration;

/**
 * How a backfill runs; build with {@link #custom()}.
 *
 * @param workers chunks copied at once (each holds a connection to each store)
 * @param chunkRows rows per chunk, the unit that is checkpointed and verified
 * @param batchRows rows read and applied at once at first; adapted towards {@code targetBatchDuration}
 * @param maxBatchRows the most rows one batch may grow to
 * @param targetBatchDuration how long one batch (read from the primary, fenced apply to the secondary)
 *     should take: shorter keeps each secondary transaction and each primary read small
 * @param verify whether each finished chunk is compared with the secondary
 * @param verifySettle how long a chunk's difference waits before it is looked at again (live writes
 *     in flight settle)
 * @param maxAttempts copies of a chunk at most while its verification finds differences
 * @param maxActiveQueries the primary counts as busy above this many running queries (MySQL
 *     {@code Threads_running}, PostgreSQL active backends); 0 never pauses
 * @param busyPause how long workers pause while the primary is busy before looking again
 * @param deferIndexes whether the secondary's non-unique secondary indexes are dropped for the copy
 *     and recreated after it
 * @param progressInterval how often progress is logged
 * @param maxRowsPerSecond the most rows per second the whole run copies (all workers of a distributed
 *     run together); 0 sets no limit
 */
public record BackfillOptions(
        int workers,
        int chunkRows,
        int batchRows,
        int maxBatchRows,
        Duration targetBatchDuration,
        boolean verify,
        Duration verifySettle,
        int maxAttempts,
        int maxActiveQueries,
        Duration busyPause,
        boolean deferIndexes,
        Duration progressInterval,
        long maxRowsPerSecond) {

    public BackfillOptions {
        positive("workers", workers);
        positive("chunkRows", chunkRows);
        positive("batchRows", batchRows);
        positive("maxBatchRows", maxBatchRows);
        positive("maxAttempts", maxAttempts);
        if (batchRows > maxBatchRows) {
            throw new IllegalArgumentException(
                    "batchRows (" + batchRows + ") must not exceed maxBatchRows (" + maxBatchRows + ")");
        }
        if (maxRowsPerSecond < 0) {
            throw new IllegalArgumentException(
                    "maxRowsPerSecond must be 0 (no limit) or positive but was " + maxRowsPerSecond);
        }
        if (maxActiveQueries < 0) {
            throw new IllegalArgumentException(
                    "maxActiveQueries must be 0 (never pause) or positive but was " + maxActiveQueries);
        }
        positive("targetBatchDuration", targetBatchDuration);
        positive("busyPause", busyPause);
        positive("progressInterval", progressInterval);
        if (verifySettle == null || verifySettle.isNegative()) {
            throw new IllegalArgumentException("verifySettle must be zero or positive but was " + verifySettle);
        }
    }

    /** A builder starting from the defaults: one worker per core, chunks of 20,000 rows, verified. */
    public static Builder custom() {
        return new Builder();
    }

    /** These options with {@code workers} workers. */
    public BackfillOptions withWorkers(int workers) {
        return new BackfillOptions(
                workers,
                chunkRows,
                batchRows,
                maxBatchRows,
                targetBatchDuration,
                verify,
                verifySettle,
                maxAttempts,
                maxActiveQueries,
                busyPause,
                deferIndexes,
                progressInterval,
                maxRowsPerSecond);
    }

    /** The throttle these options ask for, asking {@code probe} how busy the primary is. */
    Throttle throttle(BusyProbe probe) {
        return new Throttle("backfill", probe, maxActiveQueries, busyPause, maxRowsPerSecond);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive but was " + value);
        }
    }

    /** Builds {@link BackfillOptions}; every setting starts at its default. */
    public static final class Builder {
        private int workers = Runtime.getRuntime().availableProcessors();
        private int chunkRows = 20_000;
        private int batchRows = 2_000;
        private int maxBatchRows = 20_000;
        private Duration targetBatchDuration = Duration.ofMillis(500);
        private boolean verify = true;
        private Duration verifySettle = Duration.ofSeconds(2);
        private int maxAttempts = 3;
        private int maxActiveQueries = 64;
        private Duration busyPause = Duration.ofSeconds(2);
        private boolean deferIndexes;
        private Duration progressInterval = Duration.ofSeconds(10);
        private long maxRowsPerSecond;

        private Builder() {}

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder chunkRows(int chunkRows) {
            this.chunkRows = chunkRows;
            return this;
        }

        public Builder batchRows(int batchRows) {
            this.batchRows = batchRows;
            return this;
        }

        public Builder maxBatchRows(int maxBatchRows) {
            this.maxBatchRows = maxBatchRows;
            return this;
        }

        public Builder targetBatchDuration(Duration targetBatchDuration) {
            this.targetBatchDuration = targetBatchDuration;
            return this;
        }

        public Builder verify(boolean verify) {
            this.verify = verify;
            return this;
        }

        public Builder verifySettle(Duration verifySettle) {
            this.verifySettle = verifySettle;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder maxActiveQueries(int maxActiveQueries) {
            this.maxActiveQueries = maxActiveQueries;
            return this;
        }

        public Builder busyPause(Duration busyPause) {
            this.busyPause = busyPause;
            return this;
        }

        public Builder deferIndexes(boolean deferIndexes) {
            this.deferIndexes = deferIndexes;
            return this;
        }

        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = progressInterval;
            return this;
        }

        public Builder maxRowsPerSecond(long maxRowsPerSecond) {
            this.maxRowsPerSecond = maxRowsPerSecond;
            return this;
        }

        /** @throws IllegalArgumentException naming the setting that is out of range */
        public BackfillOptions build() {
            return new BackfillOptions(
                    workers,
                    chunkRows,
                    batchRows,
                    maxBatchRows,
                    targetBatchDuration,
                    verify,
                    verifySettle,
                    maxAttempts,
                    maxActiveQueries,
                    busyPause,
                    deferIndexes,
                    progressInterval,
                    maxRowsPerSecond);
        }
    }
}
