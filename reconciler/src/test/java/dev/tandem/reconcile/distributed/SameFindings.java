package dev.tandem.reconcile.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.TableRecord;

/** What a distributed run must share with a single-process run of the same data: verdict and every table's findings. */
final class SameFindings {

    private SameFindings() {}

    static void assertSameFindings(RunRecord actual, RunRecord expected) {
        assertThat(actual.verdict()).isEqualTo(expected.verdict());
        assertThat(actual.tables())
                .extracting(SameFindings::timeless)
                .containsExactlyElementsOf(
                        expected.tables().stream().map(SameFindings::timeless).toList());
    }

    /** A table's record without how long it took, which no two runs share. */
    private static TableRecord timeless(TableRecord t) {
        return new TableRecord(
                t.table(),
                t.since(),
                t.rowsCompared(),
                0,
                t.found(),
                t.inFlight(),
                t.missing(),
                t.extra(),
                t.mismatched(),
                t.truncated(),
                t.error(),
                t.columns(),
                t.samples(),
                t.foundCounts());
    }
}
