package dev.tandem.reconcile.distributed;

import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.source.JdbcTableSource;
import dev.tandem.core.source.TableSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Splits a table into segments of about {@code segmentRows} of the primary's rows by streaming its
 * keys once, in the order both stores are compared in: every {@code segmentRows}-th key closes a
 * segment. The first segment is open below and the last above, so together they hold every key of
 * either store, rows only in the secondary and rows written after planning included.
 */
final class SegmentPlanner {

    private SegmentPlanner() {}

    static List<Segment> plan(DataSource primary, TableSpec spec, int segmentRows) throws SQLException {
        List<Segment> segments = new ArrayList<>();
        List<Object> after = null;
        long seen = 0;
        try (JdbcTableSource keys = JdbcTableSource.open(primary, spec.table(), spec.keyColumns(), List.of())) {
            while (keys.hasNext()) {
                SourceRow row = keys.next();
                if (++seen == segmentRows) {
                    List<Object> key = row.key();
                    segments.add(new Segment(segments.size(), after, key));
                    after = key;
                    seen = 0;
                }
            }
        }
        segments.add(new Segment(segments.size(), after, null));
        return segments;
    }
}
