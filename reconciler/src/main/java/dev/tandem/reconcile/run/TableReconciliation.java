package dev.tandem.reconcile.run;

import dev.tandem.dualwrite.compare.ColumnComparison;
import dev.tandem.dualwrite.jdbc.Column;
import dev.tandem.reconcile.compare.CheckedDifference;
import dev.tandem.reconcile.compare.Difference;
import dev.tandem.reconcile.compare.MergeJoin;
import dev.tandem.reconcile.compare.Recheck;
import dev.tandem.reconcile.compare.SourceRow;
import dev.tandem.reconcile.source.JdbcRowLookup;
import dev.tandem.reconcile.source.JdbcTableSource;
import dev.tandem.reconcile.source.ReadAhead;
import dev.tandem.reconcile.source.RowEstimate;
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
 * {@value #LOG_EVERY} rows and told to a {@link ProgressListener} every {@value #TELL_EVERY}.
 */
public final class TableReconciliation {

    private static final Logger log = LoggerFactory.getLogger(TableReconciliation.class);
    private static final long LOG_EVERY = 1_000_000;
    private static final long TELL_EVERY = 10_000;

    private final DataSource primary;
    private final DataSource secondary;
    private final Duration settle;
    private final int maxDifferences;
    private final ProgressListener listener;

    /**
     * @param settle how long after a difference is found it is looked at again
     * @param maxDifferences differences kept and re-checked per table; beyond, they are only counted
     * @param listener told of the rows compared as the comparison goes
     */
    public TableReconciliation(
            DataSource primary, DataSource secondary, Duration settle, int maxDifferences, ProgressListener listener) {
        this.primary = primary;
        this.secondary = secondary;
        this.settle = settle;
        this.maxDifferences = maxDifferences;
        this.listener = listener;
    }

    /** Without a progress listener (progress is still logged). */
    public TableReconciliation(DataSource primary, DataSource secondary, Duration settle, int maxDifferences) {
        this(primary, secondary, settle, maxDifferences, (table, rows) -> {});
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
        JdbcTableSource.Since changed = since == null ? null : new JdbcTableSource.Since(spec.updatedAtColumn(), since);
        long started = System.nanoTime();
        OptionalLong estimate = RowEstimate.of(primary, spec.table());
        List<String> primaryColumns = columnNames(primary, spec);
        List<String> secondaryColumns = columnNames(secondary, spec);
        List<String> compared = common(primaryColumns, secondaryColumns);
        List<String> onlyInPrimary = primaryColumns.stream()
                .filter(c -> !secondaryColumns.contains(c))
                .toList();
        List<String> onlyInSecondary = secondaryColumns.stream()
                .filter(c -> !primaryColumns.contains(c))
                .toList();

        List<Difference> kept = new ArrayList<>();
        long[] found = {0};
        long rows;
        MergeJoin join;
        long foundAt;
        List<String> keyColumns;
        try (JdbcTableSource p = JdbcTableSource.open(primary, spec.table(), spec.keyColumns(), compared, changed);
                JdbcTableSource s =
                        JdbcTableSource.open(secondary, spec.table(), spec.keyColumns(), compared, changed)) {
            join = joinOf(spec, compared, p.columns(), s.columns());
            keyColumns = p.keyColumns();
            try (ReadAhead primaryRows = new ReadAhead(p, "primary");
                    ReadAhead secondaryRows = new ReadAhead(s, "secondary")) {
                Progress progress = new Progress(primaryRows, spec.table(), started, estimate);
                rows = join.compare(progress, secondaryRows, difference -> {
                    found[0]++;
                    if (kept.size() < maxDifferences) {
                        kept.add(difference);
                    }
                });
                progress.finish();
            }
            foundAt = System.nanoTime();
        }
        List<CheckedDifference> checked = new Recheck(
                        join,
                        new JdbcRowLookup(primary, spec.table(), spec.keyColumns(), compared)::find,
                        new JdbcRowLookup(secondary, spec.table(), spec.keyColumns(), compared)::find,
                        settle)
                .check(kept, foundAt);
        TableResult result = new TableResult(
                spec.table(),
                since,
                keyColumns,
                rows,
                Duration.ofNanos(System.nanoTime() - started),
                found[0],
                checked,
                found[0] > kept.size(),
                onlyInPrimary,
                onlyInSecondary);
        log.info(
                "Table {}: {} rows compared in {} ms, {} differences found, {} in flight, {} confirmed{}",
                spec.table(),
                rows,
                result.took().toMillis(),
                found[0],
                result.inFlight(),
                result.confirmedTotal(),
                result.truncated() ? " (only the first " + kept.size() + " re-checked)" : "");
        return result;
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
        List<String> compared = common(columnNames(primary, spec), columnNames(secondary, spec));
        JdbcRowLookup p = new JdbcRowLookup(primary, spec.table(), spec.keyColumns(), compared);
        JdbcRowLookup s = new JdbcRowLookup(secondary, spec.table(), spec.keyColumns(), compared);
        MergeJoin join = joinOf(spec, compared, p.columns(), s.columns());
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

    /** The columns of {@code primary} that {@code secondary} has too, in the primary's order. */
    private static List<String> common(List<String> primary, List<String> secondary) {
        return primary.stream().filter(secondary::contains).toList();
    }

    private static MergeJoin joinOf(
            TableSpec spec, List<String> compared, List<Column> primary, List<Column> secondary) {
        List<ColumnComparison> comparisons = new ArrayList<>();
        for (int i = 0; i < compared.size(); i++) {
            String name = compared.get(i);
            comparisons.add(new ColumnComparison(name, primary.get(i), secondary.get(i), spec.optionsOf(name)));
        }
        return new MergeJoin(comparisons);
    }

    /** The table's columns in that store, less the key and the ignored ones. */
    private static List<String> columnNames(DataSource dataSource, TableSpec spec) throws Exception {
        return JdbcTableSource.nonKeyColumns(dataSource, spec.table(), spec.keyColumns()).stream()
                .filter(c -> !spec.ignored().contains(c))
                .toList();
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
            if (++count % TELL_EVERY == 0) {
                tell();
                if (count % LOG_EVERY == 0) {
                    log();
                }
            }
            return rows.next();
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
