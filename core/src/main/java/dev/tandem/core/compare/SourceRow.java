package dev.tandem.core.compare;

import java.util.List;

/**
 * One row as streamed from either side: its key values and its compared column values, in the
 * table's column order (NULLs kept).
 */
public record SourceRow(List<Object> key, List<Object> values) {

    public SourceRow {
        key = RowValues.copyOf(key);
        values = RowValues.copyOf(values);
    }

    /**
     * The row of the values just read, without copying them (a row is made per row streamed): its
     * first {@code keyWidth} cells are the key, the rest the values. The array becomes the row's and
     * must not be changed afterwards.
     */
    public static SourceRow of(Object[] cells, int keyWidth) {
        return new SourceRow(
                RowValues.view(cells, 0, keyWidth), RowValues.view(cells, keyWidth, cells.length - keyWidth));
    }
}
