package dev.tandem.reconcile.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.compare.CheckedDifference;
import dev.tandem.core.compare.Difference;
import dev.tandem.core.compare.DifferenceKind;
import dev.tandem.core.compare.Verdict;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.TableResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SegmentResultsTest {

    private static final TableSpec ORDERS = TableSpec.of("orders");

    @Test
    void aResultReadsBackWithItsKeysTypedAndItsCounts() {
        SegmentResult sent = new SegmentResult(
                7,
                "orders",
                2,
                "host/1",
                result(
                        10,
                        new FoundCounts(1, 0, 1, Map.of("amount", 1L)),
                        List.of(
                                confirmed(DifferenceKind.MISSING_IN_SECONDARY, List.of(42L, "eu", new byte[] {1, 2})),
                                inFlight(List.of(
                                        new BigDecimal("4.50"),
                                        UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"),
                                        LocalDateTime.parse("2026-12-05T00:00:01.5"))))),
                null);

        SegmentResult read = SegmentResultJson.decode(SegmentResultJson.encode(sent));

        assertThat(read.key()).isEqualTo("7/orders/2");
        assertThat(read.worker()).isEqualTo("host/1");
        assertThat(read.result().foundCounts()).isEqualTo(sent.result().foundCounts());
        assertThat(read.result().rowsCompared()).isEqualTo(10);
        assertThat(read.result().differences()).hasSize(2);
        List<Object> key = read.result().differences().get(0).found().key();
        assertThat(key.subList(0, 2)).containsExactly(42L, "eu");
        assertThat((byte[]) key.get(2)).containsExactly(1, 2);
        assertThat(read.result().differences().get(1).found().key())
                .isEqualTo(sent.result().differences().get(1).found().key());
        assertThat(read.result().differences().get(1).verdict()).isEqualTo(Verdict.IN_FLIGHT);
        assertThat(read.result().differences().get(0).now().columns())
                .containsExactly(new Difference.ColumnDifference("amount", "1.00", null));
    }

    @Test
    void aFailedSegmentReadsBackWithItsError() {
        SegmentResult read = SegmentResultJson.decode(
                SegmentResultJson.encode(new SegmentResult(7, "orders", 0, "w", null, "no table 'orders'")));

        assertThat(read.result()).isNull();
        assertThat(read.error()).isEqualTo("no table 'orders'");
    }

    @Test
    void aSegmentsSecondResultIsNotCountedAgain() {
        TableSegments segments = new TableSegments(7, ORDERS, 2);
        SegmentResult first = segment(0, 5, 1);

        assertThat(segments.accept(first)).isTrue();
        assertThat(segments.accept(segment(0, 5, 1)))
                .as("the same segment again")
                .isFalse();
        assertThat(segments.accept(new SegmentResult(8, "orders", 1, "w", first.result(), null)))
                .as("another run's")
                .isFalse();
        assertThat(segments.complete()).isFalse();
        assertThat(segments.accept(segment(1, 3, 2))).isTrue();

        TableResult table = segments.result(null, Duration.ofSeconds(1), 1_000);
        assertThat(segments.duplicates()).isEqualTo(1);
        assertThat(table.rowsCompared()).isEqualTo(8);
        assertThat(table.foundCounts()).isEqualTo(new FoundCounts(3, 0, 0, Map.of()));
        assertThat(table.differences())
                .extracting(d -> d.found().key())
                .containsExactly(List.of(0L), List.of(1L), List.of(2L));
    }

    @Test
    void theTablesDifferencesAreTheFirstInKeyOrderUpToTheBound() {
        TableSegments segments = new TableSegments(7, ORDERS, 2);
        segments.accept(segment(1, 3, 2));
        segments.accept(segment(0, 5, 1));

        TableResult table = segments.result(null, Duration.ofSeconds(1), 2);

        assertThat(table.differences()).extracting(d -> d.found().key()).containsExactly(List.of(0L), List.of(1L));
        assertThat(table.truncated()).isTrue();
        assertThat(table.foundCounts().total()).isEqualTo(3);
    }

    @Test
    void aTableWithASegmentThatFailedHasNoResultButTheSegmentsError() {
        TableSegments segments = new TableSegments(7, ORDERS, 2);
        segments.accept(new SegmentResult(7, "orders", 1, "w2", null, "connection refused"));

        assertThat(segments.failed()).isTrue();
        assertThatThrownBy(() -> segments.result(null, Duration.ZERO, 10))
                .hasMessageContaining("segment 1 (worker w2): connection refused");
    }

    /** Segment {@code number} of {@code rows} rows, with {@code missing} rows missing, keyed from {@code number * 10}. */
    private static SegmentResult segment(int number, long rows, int missing) {
        List<CheckedDifference> differences = new java.util.ArrayList<>();
        for (int i = 0; i < missing; i++) {
            differences.add(confirmed(DifferenceKind.MISSING_IN_SECONDARY, List.of((long) number + i)));
        }
        return new SegmentResult(
                7, "orders", number, "w", result(rows, new FoundCounts(missing, 0, 0, Map.of()), differences), null);
    }

    private static TableResult result(long rows, FoundCounts counts, List<CheckedDifference> differences) {
        return new TableResult(
                "orders",
                Instant.EPOCH,
                List.of("id"),
                rows,
                Duration.ofMillis(5),
                counts,
                differences,
                false,
                List.of(),
                List.of());
    }

    private static CheckedDifference confirmed(DifferenceKind kind, List<Object> key) {
        Difference found = new Difference(kind, key, List.of());
        Difference now = new Difference(kind, key, List.of(new Difference.ColumnDifference("amount", "1.00", null)));
        return new CheckedDifference(found, Verdict.CONFIRMED, now);
    }

    private static CheckedDifference inFlight(List<Object> key) {
        return new CheckedDifference(
                new Difference(DifferenceKind.VALUE_MISMATCH, key, List.of()), Verdict.IN_FLIGHT, null);
    }
}
