package dev.tandem.reconcile.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tandem.core.compare.DifferenceCounts;
import dev.tandem.core.compare.DifferenceKind;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every difference the comparison of one table found, counted exactly by kind and column, before
 * the re-check (which looks at no more than {@code max-differences} of them).
 *
 * @param missing rows missing in the secondary
 * @param extra rows only in the secondary
 * @param mismatched rows with differing values
 * @param columns value mismatches per column, by column name
 */
public record FoundCounts(long missing, long extra, long mismatched, Map<String, Long> columns) {

    /** Nothing found. */
    public static final FoundCounts NONE = new FoundCounts(0, 0, 0, Map.of());

    public FoundCounts {
        columns = Collections.unmodifiableMap(new TreeMap<>(columns));
    }

    /** The counts {@code counts} kept. */
    public static FoundCounts of(DifferenceCounts counts) {
        return new FoundCounts(
                counts.of(DifferenceKind.MISSING_IN_SECONDARY),
                counts.of(DifferenceKind.EXTRA_IN_SECONDARY),
                counts.of(DifferenceKind.VALUE_MISMATCH),
                counts.byColumn());
    }

    /** Differences of every kind. */
    @JsonProperty
    public long total() {
        return missing + extra + mismatched;
    }
}
