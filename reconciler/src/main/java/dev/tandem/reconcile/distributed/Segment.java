package dev.tandem.reconcile.distributed;

import dev.tandem.core.source.JdbcTableSource;
import java.util.List;

/**
 * One key range of a table, compared as one task.
 *
 * @param number its place in the table's plan, from 0
 * @param after the keys above this one (from the first when null)
 * @param upTo up to and with this one (to the last when null)
 */
record Segment(int number, List<Object> after, List<Object> upTo) {

    JdbcTableSource.Range range() {
        return new JdbcTableSource.Range(after, upTo);
    }
}
