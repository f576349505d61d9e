package dev.tandem.backfill;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far one table's backfill has come: rows and chunks done (earlier runs' included), this run's
 * rate, and an ETA. Updated by the workers, read by the log, the CLI and the metrics.
 */
public final class TableProgress {

    private final String table;
    private final AtomicLong plannedRows = new AtomicLong();
    private final AtomicLong rowsBefore = new AtomicLong();
    private final AtomicLong copied = new AtomicLong();
    private final AtomicInteger chunks = new AtomicInteger();
    private final AtomicInteger chunksDone = new AtomicInteger();
    private volatile long startedNanos;
    private volatile long finishedNanos;
    private volatile double observedRate = -1;

    TableProgress(String table) {
        this.table = table;
    }

    void planned(long rows, int chunkCount, long rowsDoneBefore, int chunksDoneBefore) {
        plannedRows.set(rows);
        chunks.set(chunkCount);
        rowsBefore.set(rowsDoneBefore);
        chunksDone.set(chunksDoneBefore);
        startedNanos = System.nanoTime();
    }

    void copied(long rows) {
        copied.addAndGet(rows);
    }

    /**
     * As a coordinator sees it in the checkpoints: rows copied by this run, chunks done so far, and the
     * rate of this run's chunks (their rows over the time from the first one's start to the last one's end).
     */
    void observed(long rowsThisRun, int done, double rate) {
        copied.set(rowsThisRun);
        chunksDone.set(done);
        observedRate = rate;
    }

    void chunkDone() {
        chunksDone.incrementAndGet();
    }

    void finished() {
        finishedNanos = System.nanoTime();
    }

    public String table() {
        return table;
    }

    /** The rows the table's key ranges held when planned. */
    public long plannedRows() {
        return plannedRows.get();
    }

    /** Rows copied: by earlier runs (their finished chunks) and by this one. */
    public long rows() {
        return rowsBefore.get() + copied.get();
    }

    /** Rows copied by this run. */
    public long rowsThisRun() {
        return copied.get();
    }

    public int chunks() {
        return chunks.get();
    }

    public int chunksDone() {
        return chunksDone.get();
    }

    /** This run's rows per second so far (until the table finished). */
    public double rowsPerSecond() {
        if (observedRate >= 0) {
            return observedRate;
        }
        long started = startedNanos;
        if (started == 0) {
            return 0;
        }
        long end = finishedNanos != 0 ? finishedNanos : System.nanoTime();
        double seconds = (end - started) / 1e9;
        return seconds <= 0 ? 0 : copied.get() / seconds;
    }

    /** Seconds left at this run's rate; empty before there is a rate. */
    public OptionalLong etaSeconds() {
        double rate = rowsPerSecond();
        if (rate <= 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.round(Math.max(0, plannedRows() - rows()) / rate));
    }

    /** E.g. {@code payments: 120,000 of ~300,000 rows (40 %), chunks 6/15, 48,000 rows/s, about 4 s left}. */
    public String describe() {
        long planned = plannedRows();
        long rows = rows();
        OptionalLong eta = etaSeconds();
        return String.format(
                "%s: %,d of ~%,d rows (%d %%), chunks %d/%d, %,.0f rows/s%s",
                table,
                rows,
                planned,
                planned == 0 ? 100 : Math.min(100, rows * 100 / planned),
                chunksDone(),
                chunks(),
                rowsPerSecond(),
                finishedNanos != 0 || eta.isEmpty() ? "" : ", about " + eta.getAsLong() + " s left");
    }
}
