package dev.tandem.dualwrite.outbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Sequences grouped into runs of consecutive numbers, so that rows known durable are deleted by
 * {@code seq BETWEEN first AND last}, one statement per run rather than per row. A run holds only
 * sequences it was given: a row in flight (not yet done, or written by another instance) is never in
 * one, so no range ever covers a row that is not known durable.
 */
final class SequenceRuns {

    /** One run, {@code first} to {@code last} inclusive. */
    record Run(long first, long last) {}

    private SequenceRuns() {}

    static List<Run> of(Collection<Long> sequences) {
        long[] sorted = sequences.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        List<Run> runs = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= sorted.length; i++) {
            if (i == sorted.length || sorted[i] > sorted[i - 1] + 1) {
                if (sorted.length > 0) {
                    runs.add(new Run(sorted[start], sorted[i - 1]));
                }
                start = i;
            }
        }
        return runs;
    }
}
