package dev.tandem.reconcile.run;

import dev.tandem.core.compare.CheckedDifference;
import dev.tandem.core.compare.Difference;
import dev.tandem.core.compare.DifferenceCounts;
import dev.tandem.core.compare.MergeJoin;
import dev.tandem.core.compare.Recheck;
import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.pace.Throttle;
import dev.tandem.core.source.JdbcRowLookup;
import dev.tandem.core.source.JdbcTableSource;
import dev.tandem.core.source.ReadAhead;
import dev.tandem.core.source.RowEstimate;
import dev.tandem.core.source.TablePairing;
import dev.tandem.core.source.TableSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one table: streams both stores in key order through the merge join, keeps up to a
 * bound of differences (counting all), re-checks those after the settle window, and sums up.
 * Progress (rows compared, rate, and an ETA from the primary's row estimate) is logged every
 * {@value #LOG_EVERY} rows and told to a {@link ProgressListener} every {@value #TELL_EVERY}. A
 * {@link #paced paced} comparison asks its {@link Throttle} before every {@value #PACE_EVERY} rows of
 * the primary: it pauses while the primary is busy and keeps to the rate limit.
 */
public final class TableReconciliation {

    private static final Logger log = LoggerFactory.getLogger(TableReconciliation.class);
    private static final long LOG_EVERY = 1_000_000;
    private static final long TELL_EVERY = 10_000;
    private static final int PACE_EVERY = 1_000;

    private final DataSource primary;
    private final DataSource secondary;
    private final Duration settle;
    private final int maxDifferences;
    private final ProgressListener listener;
    private final SchemaMapping mapping;
    private final Throttle throttle;

    /**
     * @param settle how long after a difference is found it is looked at again
     * @param maxDifferences differences kept and re-checked per table; beyond, they are only counted
     * @param listener told of the rows compared as the comparison goes
     * @param mapping how the secondary's tables and columns differ from the primary's
     */
    public TableReconciliation(
            DataSource primary,
            DataSource secondary,
            Duration settle,
            int maxDifferences,
            ProgressListener listener,
            SchemaMapping mapping) {
        this(primary, secondary, settle, maxDifferences, listener, mapping, Throttle.none());
    }

    private TableReconciliation(
            DataSource primary,
            DataSource secondary,
            Duration settle,
            int maxDifferences,
            ProgressListener listener,
            SchemaMapping mapping,
            Throttle throttle) {
        this.mapping = mapping;
        this.primary = primary;
        this.secondary = secondary;
        this.settle = settle;
        this.maxDifferences = maxDifferences;
        this.listener = listener;
        this.throttle = throttle;
    }

    /** Both stores with the same schema. */
    public TableReconciliation(
            DataSource primary, DataSource secondary, Duration settle, int maxDifferences, ProgressListener listener) {
        this(primary, secondary, settle, maxDifferences, listener, SchemaMapping.NONE);
    }

    /** Without a progress listener (progress is still logged). */
    public TableReconciliation(DataSource primary, DataSource secondary, Duration settle, int maxDifferences) {
        this(primary, secondary, settle, maxDifferences, (table, rows) -> {});
    }

    /** This comparison, reading the primary no faster than {@code throttle} allows. */
    public TableReconciliation paced(Throttle throttle) {
        return new TableReconciliation(primary, secondary, settle, maxDifferences, listener, mapping, throttle);
    }

    /** What paces this comparison ({@link Throttle#none()} unless {@link #paced}). */
    public Throttle throttle() {
        return throttle;
    }

    /** Compares the whole table. */
    public TableResult run(TableSpec spec) throws Exception {
        return run(spec, null);
    }

    /**
     * Compares the rows changed since {@code since} (by the spec's updated-at column on both sides),
     * or the whole table when {@code since} is null.
     */
    public TableResult run(TableSpec spec, Instant since) throws Exception {
        return run(spec, since, JdbcTableSource.Range.ALL);
    }

    /**
     * Compares the rows of the key {@code range} (one segment of a run shared by many workers),
     * changed since {@code since} when it is not null, and re-checks the differences found there.
     */
    public TableResult run(TableSpec spec, Instant since, JdbcTableSource.Range range) throws Exception {
        long started = System.nanoTime();
        OptionalLong estimate = RowEstimate.of(primary, spec.table());
        TablePairing pairing = TablePairing.of(primary, secondary, spec, mapping);
        JdbcTableSource.Since primarySince =
                since == null ? null : new JdbcTableSource.Since(spec.updatedAtColumn(), since);
        JdbcTableSource.Since secondarySince =
                since == null ? null : new JdbcTableSource.Since(pairing.secondaryName(spec.updatedAtColumn()), since);

        List<Difference> kept = new ArrayList<>();
        DifferenceCounts found = new DifferenceCounts();
        long rows;
        MergeJoin join;
        long foundAt;
        List<String> keyColumns;
        try (JdbcTableSource p = JdbcTableSource.open(
                        primary, spec.table(), pairing.primaryKey(), pairing.primaryColumns(), primarySince, range);
                JdbcTableSource s = JdbcTableSource.open(
                        secondary,
                        pairing.secondaryTable(),
                        pairing.secondaryKey(),
                        pairing.secondaryColumns(),
                        secondarySince,
                        range)) {
            join = pairing.join(p.columns(), s.columns());
            keyColumns = p.keyColumns();
            try (ReadAhead primaryRows = new ReadAhead(p, "primary");
                    ReadAhead secondaryRows = new ReadAhead(s, "secondary")) {
                Progress progress = new Progress(primaryRows, spec.table(), started, estimate);
                rows = join.compare(progress, secondaryRows, difference -> {
                    found.accept(difference);
                    if (kept.size() < maxDifferences) {
                        kept.add(difference);
                    }
                });
                progress.finish();
            }
            foundAt = System.nanoTime();
        }
        List<CheckedDifference> checked = new Recheck(
                        join, primaryLookup(pairing)::find, secondaryLookup(pairing)::find, settle)
                .check(kept, foundAt);
        TableResult result = new TableResult(
                spec.table(),
                since,
                keyColumns,
                rows,
                Duration.ofNanos(System.nanoTime() - started),
                FoundCounts.of(found),
                checked,
                found.total() > kept.size(),
                pairing.onlyInPrimary(),
                pairing.onlyInSecondary());
        log.info(
                "Table {}: {} rows compared in {} ms, {} differences found, {} in flight, {} confirmed{}",
                spec.table(),
                rows,
                result.took().toMillis(),
                found.total(),
                result.inFlight(),
                result.confirmedTotal(),
                result.truncated() ? " (only the first " + kept.size() + " re-checked)" : "");
        return result;
    }

    /** The two stores, named for a report (one connection to each). */
    public StoreNames stores() {
        return new StoreNames(StoreDescription.of(primary), StoreDescription.of(secondary));
    }

    /** Re-compares single rows of one table, as {@link #run} compares them. */
    @FunctionalInterface
    public interface RowCheck {
        /** Of {@code keys}, those whose rows differ between the stores now. */
        List<List<Object>> stillDifferent(List<List<Object>> keys) throws Exception;
    }

    /**
     * A check of single rows of {@code spec}'s table: the table is described once, so a repair's
     * re-verification can ask again and again.
     */
    public RowCheck rowCheck(TableSpec spec) throws Exception {
        TablePairing pairing = TablePairing.of(primary, secondary, spec, mapping);
        JdbcRowLookup p = primaryLookup(pairing);
        JdbcRowLookup s = secondaryLookup(pairing);
        MergeJoin join = pairing.join(p.columns(), s.columns());
        return keys -> {
            List<List<Object>> different = new ArrayList<>();
            for (List<Object> key : keys) {
                List<Difference> now = new ArrayList<>(1);
                join.compare(
                        p.find(key).stream().iterator(), s.find(key).stream().iterator(), now::add);
                if (!now.isEmpty()) {
                    different.add(key);
                }
            }
            return different;
        };
    }

    private JdbcRowLookup primaryLookup(TablePairing pairing) {
        return new JdbcRowLookup(primary, pairing.spec().table(), pairing.primaryKey(), pairing.primaryColumns());
    }

    private JdbcRowLookup secondaryLookup(TablePairing pairing) {
        return new JdbcRowLookup(
                secondary, pairing.secondaryTable(), pairing.secondaryKey(), pairing.secondaryColumns());
    }

    /** Counts the primary's rows as the join takes them; logs and tells how far it has come. */
    private final class Progress implements Iterator<SourceRow> {
        private final Iterator<SourceRow> rows;
        private final String table;
        private final long started;
        private final OptionalLong estimate;
        private long count;
        private long told;

        Progress(Iterator<SourceRow> rows, String table, long started, OptionalLong estimate) {
            this.rows = rows;
            this.table = table;
            this.started = started;
            this.estimate = estimate;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public SourceRow next() {
            if (count % PACE_EVERY == 0) {
                pace();
            }
            if (++count % TELL_EVERY == 0) {
                tell();
                if (count % LOG_EVERY == 0) {
                    log();
                }
            }
            return rows.next();
        }

        /** Waits, before the next rows are taken, while the primary is busy or the rate is spent. */
        private void pace() {
            try {
                throttle.awaitCalm(() -> false);
                throttle.awaitRate(PACE_EVERY, () -> false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the comparison of " + table + " waited", e);
            }
        }

        void finish() {
            tell();
        }

        private void tell() {
            listener.progressed(table, count - told);
            told = count;
        }

        private void log() {
            double seconds = (System.nanoTime() - started) / 1e9;
            long rate = Math.round(count / seconds);
            if (estimate.isPresent() && estimate.getAsLong() > count && rate > 0) {
                long total = estimate.getAsLong();
                log.info(
                        "Table {}: {} of ~{} rows of the primary compared ({} %), {} rows/s, about {} s left",
                        table, count, total, count * 100 / total, rate, (total - count) / rate);
            } else {
                log.info("Table {}: {} rows of the primary compared, {} rows/s", table, count, rate);
            }
        }
    }
}
