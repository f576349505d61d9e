package dev.tandem.backfill;

import java.util.List;

/**
 * One key range of a table, the unit of work, checkpointing and verification: the rows with keys
 * above {@code after} and at most {@code upTo}.
 *
 * @param table the primary's table name
 * @param number the chunk's place in the table, from 0
 * @param after the exclusive lower bound; null for the table's start
 * @param upTo the inclusive upper bound; null for the table's end (rows inserted later included)
 * @param plannedRows the rows the range held when it was planned
 */
public record Chunk(String table, int number, List<Object> after, List<Object> upTo, long plannedRows) {

    public Chunk {
        after = after == null ? null : List.copyOf(after);
        upTo = upTo == null ? null : List.copyOf(upTo);
    }

    /** E.g. {@code payments#3 (1000, 2000]}. */
    @Override
    public String toString() {
        return table + "#" + number + " (" + (after == null ? "start" : after) + ", " + (upTo == null ? "end" : upTo)
                + "]";
    }
}
