package dev.tandem.core.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecheckTest {

    private static final Column TEXT = new Column("c", ColumnKind.TEXT, "text", 0, false, 0, true, null, null);
    private static final MergeJoin JOIN =
            new MergeJoin(List.of(new ColumnComparison("email", TEXT, TEXT, ColumnOptions.DEFAULT)));
    private static final Difference FOUND = new Difference(
            DifferenceKind.VALUE_MISMATCH, List.of(1L), List.of(new Difference.ColumnDifference("email", "a", "old")));

    /** One side of row 1 whose successive reads return the given emails, the last one from then on. */
    private static Recheck.RowLookup reads(String... emails) {
        Deque<String> left = new ArrayDeque<>(Arrays.asList(emails));
        return key -> {
            String email = left.size() > 1 ? left.poll() : left.peek();
            return Optional.of(new SourceRow(List.of(1L), Arrays.asList(email)));
        };
    }

    private static CheckedDifference recheck(Recheck.RowLookup primary, Recheck.RowLookup secondary) throws Exception {
        return new Recheck(JOIN, primary, secondary, Duration.ofMillis(1))
                .check(List.of(FOUND), System.nanoTime())
                .get(0);
    }

    @Test
    void aDifferenceGoneOnRereadWasInFlight() throws Exception {
        CheckedDifference checked = recheck(reads("a"), reads("a"));

        assertThat(checked.verdict()).isEqualTo(Verdict.IN_FLIGHT);
    }

    @Test
    void aDifferenceUnchangedOnRereadIsConfirmed() throws Exception {
        CheckedDifference checked = recheck(reads("a"), reads("old"));

        assertThat(checked.verdict()).isEqualTo(Verdict.CONFIRMED);
        assertThat(checked.now()).isEqualTo(FOUND);
    }

    @Test
    void aHotRowWhoseWriteArrivesOnALaterReadWasInFlight() throws Exception {
        // Read 1: the primary moved on to "b", the secondary has just taken "a"; read 2: both at "b".
        CheckedDifference checked = recheck(reads("b", "b"), reads("a", "b"));

        assertThat(checked.verdict()).isEqualTo(Verdict.IN_FLIGHT);
    }

    @Test
    void aDifferenceThatKeepsChangingIsConfirmedAtTheLastRead() throws Exception {
        CheckedDifference checked = recheck(reads("b", "c", "d"), reads("x", "y", "z"));

        assertThat(checked.verdict()).isEqualTo(Verdict.CONFIRMED);
        assertThat(checked.now().columns()).containsExactly(new Difference.ColumnDifference("email", "d", "z"));
    }

    @Test
    void aDifferenceThatSettlesIntoANewStableStateIsConfirmedInIt() throws Exception {
        CheckedDifference checked = recheck(reads("b", "b"), reads("x", "x"));

        assertThat(checked.verdict()).isEqualTo(Verdict.CONFIRMED);
        assertThat(checked.now().columns()).containsExactly(new Difference.ColumnDifference("email", "b", "x"));
    }
}
