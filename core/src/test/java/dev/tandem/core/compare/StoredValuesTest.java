package dev.tandem.core.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Differing values are shown as each store holds them, not as their comparison texts. */
class StoredValuesTest {

    private static Column column(ColumnKind kind, String type, int scale) {
        return new Column("c", kind, type, 0, false, scale, true, null, null);
    }

    private static final Column DECIMAL_10_2 = column(ColumnKind.DECIMAL, "DECIMAL", 2);
    private static final Column NUMERIC_12_4 = column(ColumnKind.DECIMAL, "numeric", 4);
    private static final Column DATETIME0 = column(ColumnKind.TIMESTAMP, "DATETIME", 0);
    private static final Column DATETIME6 = column(ColumnKind.TIMESTAMP, "DATETIME", 6);
    private static final Column TIMESTAMPTZ6 = column(ColumnKind.TIMESTAMPTZ, "timestamptz", 6);

    @Test
    void decimalsKeepTheirScale() {
        ColumnComparison amount = new ColumnComparison("amount", DECIMAL_10_2, NUMERIC_12_4, ColumnOptions.DEFAULT);

        assertThat(amount.storedPrimary(new BigDecimal("99.90"))).isEqualTo("n:99.90");
        assertThat(amount.storedSecondary(new BigDecimal("99.9100"))).isEqualTo("n:99.9100");
        assertThat(shown(amount, new BigDecimal("99.90"), new BigDecimal("99.9100")))
                .isEqualTo(new Difference.ColumnDifference("amount", "99.90", "99.9100"));
    }

    @Test
    void zoneLessTimestampsHaveNoZoneAndTheColumnsFractionalDigits() {
        ColumnComparison at = new ColumnComparison("at", DATETIME6, DATETIME0, ColumnOptions.DEFAULT);

        assertThat(at.storedPrimary(LocalDateTime.of(2026, 11, 21, 10, 15, 30, 120_000_000)))
                .isEqualTo("t:2026-11-21 10:15:30.120000");
        assertThat(at.storedSecondary(LocalDateTime.of(2026, 11, 21, 10, 15, 0)))
                .isEqualTo("t:2026-11-21 10:15:00");
        assertThat(at.storedSecondary(LocalDateTime.of(2026, 11, 21, 10, 15, 0, 5_000)))
                .as("finer digits than the column declares are not lost")
                .isEqualTo("t:2026-11-21 10:15:00.000005");
    }

    @Test
    void timestampsWithAZoneKeepIt() {
        ColumnComparison at = new ColumnComparison("at", DATETIME6, TIMESTAMPTZ6, ColumnOptions.DEFAULT);

        assertThat(shown(
                        at,
                        LocalDateTime.of(2026, 11, 21, 10, 15, 30),
                        OffsetDateTime.of(2026, 11, 21, 10, 15, 31, 0, ZoneOffset.UTC)))
                .isEqualTo(new Difference.ColumnDifference("at", "2026-11-21 10:15:30.000000", "2026-11-21T10:15:31Z"));
    }

    @Test
    void countsEveryDifferenceByKindAndColumn() {
        DifferenceCounts counts = new DifferenceCounts();
        counts.accept(new Difference(DifferenceKind.MISSING_IN_SECONDARY, List.of(1L), List.of()));
        counts.accept(new Difference(DifferenceKind.MISSING_IN_SECONDARY, List.of(2L), List.of()));
        counts.accept(new Difference(
                DifferenceKind.VALUE_MISMATCH,
                List.of(3L),
                List.of(
                        new Difference.ColumnDifference("a", "1", "2"),
                        new Difference.ColumnDifference("b", "1", "2"))));
        counts.accept(new Difference(
                DifferenceKind.VALUE_MISMATCH, List.of(4L), List.of(new Difference.ColumnDifference("a", "1", "2"))));

        assertThat(counts.total()).isEqualTo(4);
        assertThat(counts.of(DifferenceKind.MISSING_IN_SECONDARY)).isEqualTo(2);
        assertThat(counts.of(DifferenceKind.EXTRA_IN_SECONDARY)).isZero();
        assertThat(counts.of(DifferenceKind.VALUE_MISMATCH)).isEqualTo(2);
        assertThat(counts.byColumn()).containsExactly(java.util.Map.entry("a", 2L), java.util.Map.entry("b", 1L));
    }

    private static Difference.ColumnDifference shown(ColumnComparison column, Object primary, Object secondary) {
        List<Difference> differences = new ArrayList<>();
        new MergeJoin(List.of(column))
                .compare(
                        List.of(SourceRow.of(new Object[] {1L, primary}, 1)).iterator(),
                        List.of(SourceRow.of(new Object[] {1L, secondary}, 1)).iterator(),
                        differences::add);
        return differences.get(0).columns().get(0);
    }
}
