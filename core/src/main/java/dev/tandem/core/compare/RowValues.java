package dev.tandem.core.compare;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Immutable values of a {@link SourceRow}, NULLs kept: a view of part of one array, so that a row
 * streamed from either side costs one array and two small views.
 */
final class RowValues extends AbstractList<Object> implements RandomAccess {

    private final Object[] values;
    private final int from;
    private final int size;

    private RowValues(Object[] values, int from, int size) {
        this.values = values;
        this.from = from;
        this.size = size;
    }

    /** A view of {@code values[from .. from + size)}: the array must not change afterwards. */
    static RowValues view(Object[] values, int from, int size) {
        Objects.checkFromIndexSize(from, size, values.length);
        return new RowValues(values, from, size);
    }

    static RowValues copyOf(List<Object> values) {
        if (values instanceof RowValues row) {
            return row;
        }
        Object[] copy = values.toArray();
        return new RowValues(copy, 0, copy.length);
    }

    @Override
    public Object get(int index) {
        Objects.checkIndex(index, size);
        return values[from + index];
    }

    @Override
    public int size() {
        return size;
    }
}
