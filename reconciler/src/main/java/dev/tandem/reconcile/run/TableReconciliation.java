package dev.tandem.reconcile.run;

import dev.tandem.reconcile.compare.CheckedDifference;
import dev.tandem.reconcile.compare.ColumnComparison;
import dev.tandem.reconcile.compare.Difference;
import dev.tandem.reconcile.compare.DifferenceKind;
import dev.tandem.reconcile.compare.MergeJoin;
import dev.tandem.reconcile.compare.Recheck;
import dev.tandem.reconcile.compare.SourceRow;
import dev.tandem.reconcile.compare.Verdict;
import dev.tandem.reconcile.source.JdbcRowLookup;
import dev.tandem.reconcile.source.JdbcTableSource;
import dev.tandem.reconcile.source.ReadAhead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one table: streams both stores in key order through the merge join, keeps up to a
 * bound of differences (counting all), re-checks those after the settle window, and sums up.
 * Progress (rows compared, rate) is logged every {@value #PROGRESS_EVERY} rows.
 */
public final class TableReconciliation {

    private static final Logger log = LoggerFactory.getLogger(TableReconciliation.class);
    private static final long PROGRESS_EVERY = 1_000_000;

    private final DataSource primary;
    private final DataSource secondary;
    private final Duration settle;
    private final int maxDifferences;

    /**
     * @param settle how long after a difference is found it is looked at again
     * @param maxDifferences differences kept and re-checked per table; beyond, they are only counted
     */
    public TableReconciliation(DataSource primary, DataSource secondary, Duration settle, int maxDifferences) {
        this.primary = primary;
        this.secondary = secondary;
        this.settle = settle;
        this.maxDifferences = maxDifferences;
    }

    public TableResult run(TableSpec spec) throws Exception {
        long started = System.nanoTime();
        List<String> primaryColumns = columnNames(primary, spec);
        List<String> secondaryColumns = columnNames(secondary, spec);
        List<String> compared =
                primaryColumns.stream().filter(secondaryColumns::contains).toList();
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
        try (JdbcTableSource p = JdbcTableSource.open(primary, spec.table(), spec.keyColumns(), compared);
                JdbcTableSource s = JdbcTableSource.open(secondary, spec.table(), spec.keyColumns(), compared)) {
            List<ColumnComparison> comparisons = new ArrayList<>();
            for (int i = 0; i < compared.size(); i++) {
                String name = compared.get(i);
                comparisons.add(new ColumnComparison(
                        name, p.columns().get(i), s.columns().get(i), spec.optionsOf(name)));
            }
            join = new MergeJoin(comparisons);
            try (ReadAhead primaryRows = new ReadAhead(p, "primary");
                    ReadAhead secondaryRows = new ReadAhead(s, "secondary")) {
                rows = join.compare(new Progress(primaryRows, spec.table(), started), secondaryRows, difference -> {
                    found[0]++;
                    if (kept.size() < maxDifferences) {
                        kept.add(difference);
                    }
                });
            }
            foundAt = System.nanoTime();
        }
        List<CheckedDifference> checked = new Recheck(
                        join,
                        new JdbcRowLookup(primary, spec.table(), spec.keyColumns(), compared)::find,
                        new JdbcRowLookup(secondary, spec.table(), spec.keyColumns(), compared)::find,
                        settle)
                .check(kept, foundAt);
        Map<DifferenceKind, Long> confirmed = new EnumMap<>(DifferenceKind.class);
        Map<String, Long> byColumn = new TreeMap<>();
        long inFlight = 0;
        for (CheckedDifference difference : checked) {
            if (difference.verdict() == Verdict.IN_FLIGHT) {
                inFlight++;
                continue;
            }
            confirmed.merge(difference.now().kind(), 1L, Long::sum);
            difference.now().columns().forEach(c -> byColumn.merge(c.column(), 1L, Long::sum));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info(
                "Table {}: {} rows compared in {} ms, {} differences found, {} in flight, {} confirmed{}",
                spec.table(),
                rows,
                took.toMillis(),
                found[0],
                inFlight,
                checked.size() - inFlight,
                found[0] > kept.size() ? " (only the first " + kept.size() + " re-checked)" : "");
        return new TableResult(
                spec.table(),
                rows,
                took,
                found[0],
                inFlight,
                confirmed,
                byColumn,
                checked,
                found[0] > kept.size(),
                onlyInPrimary,
                onlyInSecondary);
    }

    /** The table's columns in that store, less the key and the ignored ones. */
    private static List<String> columnNames(DataSource dataSource, TableSpec spec) throws Exception {
        return JdbcTableSource.nonKeyColumns(dataSource, spec.table(), spec.keyColumns()).stream()
                .filter(c -> !spec.ignored().contains(c))
                .toList();
    }

    /** Logs rows compared and the rate every {@value #PROGRESS_EVERY} rows of the primary. */
    private static final class Progress implements Iterator<SourceRow> {
        private final Iterator<SourceRow> rows;
        private final String table;
        private final long started;
        private long count;

        Progress(Iterator<SourceRow> rows, String table, long started) {
            this.rows = rows;
            this.table = table;
            this.started = started;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public SourceRow next() {
            if (++count % PROGRESS_EVERY == 0) {
                double seconds = (System.nanoTime() - started) / 1e9;
                log.info(
                        "Table {}: {} rows of the primary compared, {} rows/s",
                        table,
                        count,
                        Math.round(count / seconds));
            }
            return rows.next();
        }
    }
}
