package dev.tandem.core.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MergeJoinTest {

    private static final Column TEXT = new Column("c", ColumnKind.TEXT, "text", 0, false, 0, true, null, null);
    private static final MergeJoin JOIN = new MergeJoin(List.of(
            new ColumnComparison("email", TEXT, TEXT, ColumnOptions.DEFAULT),
            new ColumnComparison("ssn", TEXT, TEXT, new ColumnOptions(0, true))));

    private static SourceRow row(Object key, String email, String ssn) {
        return new SourceRow(List.of(key), java.util.Arrays.asList(email, ssn));
    }

    private static List<Difference> compare(List<SourceRow> primary, List<SourceRow> secondary) {
        List<Difference> differences = new ArrayList<>();
        JOIN.compare(primary.iterator(), secondary.iterator(), differences::add);
        return differences;
    }

    @Test
    void identicalSidesHaveNoDifferences() {
        List<SourceRow> rows = List.of(row(1L, "a", "x"), row(2L, "b", null));

        assertThat(compare(rows, rows)).isEmpty();
    }

    @Test
    void everyKindOfDifferenceIsFoundOnceWithItsColumns() {
        List<Difference> differences = compare(
                List.of(row(1L, "a", "x"), row(2L, "b", "y"), row(4L, "d", "w")),
                List.of(row(2L, "B", "y"), row(3L, "c", "z"), row(4L, "d", "v")));

        assertThat(differences)
                .extracting(Difference::kind, d -> d.key().get(0))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(DifferenceKind.MISSING_IN_SECONDARY, 1L),
                        org.assertj.core.groups.Tuple.tuple(DifferenceKind.VALUE_MISMATCH, 2L),
                        org.assertj.core.groups.Tuple.tuple(DifferenceKind.EXTRA_IN_SECONDARY, 3L),
                        org.assertj.core.groups.Tuple.tuple(DifferenceKind.VALUE_MISMATCH, 4L));
        assertThat(differences.get(1).columns()).containsExactly(new Difference.ColumnDifference("email", "b", "B"));
        assertThat(differences.get(3).columns())
                .as("masked values are never shown")
                .containsExactly(new Difference.ColumnDifference("ssn", MergeJoin.MASK, MergeJoin.MASK));
    }

    @Test
    void textKeysAreOrderedByTheirUtf8BytesNotByACollation() {
        // A collation puts "a-b" near "ab" and "B" next to "b"; byte order does not.
        List<Object> ordered = List.of("B", "a-b", "ab", "b", "é", "中", "😀");
        for (int i = 1; i < ordered.size(); i++) {
            assertThat(KeyOrder.INSTANCE.compare(List.of(ordered.get(i - 1)), List.of(ordered.get(i))))
                    .as("%s before %s", ordered.get(i - 1), ordered.get(i))
                    .isNegative();
        }
    }

    @Test
    void uuidKeysOrderAsTheirTextAndCompositeKeysColumnByColumn() {
        UUID low = UUID.fromString("00000000-0000-0000-0000-00000000000a");
        UUID high = UUID.fromString("f0000000-0000-0000-0000-000000000000");

        assertThat(KeyOrder.INSTANCE.compare(List.of(low), List.of(high.toString())))
                .isNegative();
        assertThat(KeyOrder.INSTANCE.compare(List.of(1L, "b"), List.of(1L, "a")))
                .isPositive();
        assertThat(KeyOrder.INSTANCE.compare(List.of(2L, "a"), List.of(10L, "a")))
                .isNegative();
        assertThat(KeyOrder.INSTANCE.compare(List.of(new byte[] {(byte) 0x80}), List.of(new byte[] {0x7f})))
                .as("bytes are unsigned")
                .isPositive();
    }

    @Test
    void aSideOutOfKeyOrderIsRefusedNamingTheKeys() {
        assertThatThrownBy(() -> compare(List.of(row("b", "x", "x"), row("a", "y", "y")), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("primary side is not in key order: [a] came after [b]");
    }

    @Test
    void millionsOfRowsStreamWithoutBeingHeld() {
        Iterator<SourceRow> primary = LongStream.rangeClosed(1, 2_000_000)
                .mapToObj(i -> row(i, "e" + i, "s"))
                .iterator();
        Iterator<SourceRow> secondary = LongStream.rangeClosed(1, 2_000_000)
                .filter(i -> i != 1_234_567)
                .mapToObj(i -> row(i, "e" + i, "s"))
                .iterator();
        List<Difference> differences = new ArrayList<>();

        long rows = JOIN.compare(primary, secondary, differences::add);

        assertThat(rows).isEqualTo(2_000_000);
        assertThat(differences).singleElement().satisfies(d -> assertThat(d.key())
                .containsExactly(1_234_567L));
    }

    @Test
    void valuesAreShownWithoutTheirTypeTagUnlessTheTypesDiffer() {
        assertThat(MergeJoin.shown("c", "n:70", "n:7.25"))
                .isEqualTo(new Difference.ColumnDifference("c", "70", "7.25"));
        assertThat(MergeJoin.shown("c", "s:", null)).isEqualTo(new Difference.ColumnDifference("c", "", null));
        assertThat(MergeJoin.shown("c", "s:1", "n:1")).isEqualTo(new Difference.ColumnDifference("c", "s:1", "n:1"));
    }
}
