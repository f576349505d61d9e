package dev.tandem.reconcile.run;

import dev.tandem.core.compare.Difference;
import dev.tandem.core.compare.DifferenceKind;
import java.util.List;

/**
 * One confirmed difference kept with a run, as reports show it (masked columns already masked).
 *
 * @param kind how the row differs
 * @param key the row's key, e.g. {@code id=42}
 * @param columns for a value mismatch, the differing columns with both values
 */
public record Sample(DifferenceKind kind, String key, List<Difference.ColumnDifference> columns) {

    public Sample {
        columns = List.copyOf(columns);
    }

    static Sample of(List<String> keyColumns, Difference difference) {
        return new Sample(difference.kind(), keyText(keyColumns, difference.key()), difference.columns());
    }

    /** {@code column=value,…} of a key. */
    public static String keyText(List<String> keyColumns, List<Object> key) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < key.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(i < keyColumns.size() ? keyColumns.get(i) : "key" + i)
                    .append('=')
                    .append(
                            key.get(i) instanceof byte[] bytes
                                    ? java.util.HexFormat.of().formatHex(bytes)
                                    : key.get(i));
        }
        return text.toString();
    }
}
