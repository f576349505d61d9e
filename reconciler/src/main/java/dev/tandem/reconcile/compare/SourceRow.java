package dev.tandem.reconcile.compare;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row as streamed from either side: its key values and its compared column values, in the
 * table's column order (NULLs kept).
 */
public record SourceRow(List<Object> key, List<Object> values) {

    public SourceRow {
        key = Collections.unmodifiableList(new ArrayList<>(key));
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }
}
