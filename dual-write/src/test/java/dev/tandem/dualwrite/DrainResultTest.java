package dev.tandem.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DrainResultTest {

    private static final Instant AT = Instant.parse("2026-12-03T08:00:00Z");

    @Test
    void nothingPendingAndNothingLostIsDrained() {
        DrainResult result = DrainResult.of(0, LostWrites.NONE);

        assertThat(result.status()).isEqualTo(DrainResult.Status.DRAINED);
        assertThat(result.drained()).isTrue();
        assertThat(result.describe()).isEqualTo("drained");
    }

    @Test
    void writesStillPendingIsTimedOutNotDrained() {
        DrainResult result = DrainResult.of(12, LostWrites.NONE);

        assertThat(result.status()).isEqualTo(DrainResult.Status.TIMED_OUT);
        assertThat(result.drained()).isFalse();
        assertThat(result.describe()).isEqualTo("timed out with 12 writes pending");
    }

    @Test
    void aLostWriteMakesTheDrainFailEvenWhenNothingIsPending() {
        DrainResult result = DrainResult.of(0, LostWrites.NONE.plusOne(AT).plusOne(AT.plusSeconds(5)));

        assertThat(result.status()).isEqualTo(DrainResult.Status.WRITES_LOST);
        assertThat(result.drained()).isFalse();
        assertThat(result.lost().count()).isEqualTo(2);
        assertThat(result.describe())
                .isEqualTo("2 writes lost (first at 2026-12-03T08:00:00Z, last at 2026-12-03T08:00:05Z)");
    }

    @Test
    void lostWritesAreReportedBeforeATimeout() {
        DrainResult result = DrainResult.of(3, LostWrites.NONE.plusOne(AT));

        assertThat(result.status()).isEqualTo(DrainResult.Status.WRITES_LOST);
        assertThat(result.describe()).endsWith(", and timed out with 3 writes pending");
    }

    @Test
    void aStatusThatContradictsItsCountsIsRefused() {
        assertThatThrownBy(() -> new DrainResult(DrainResult.Status.DRAINED, 0, LostWrites.NONE.plusOne(AT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not fit 1 write lost");
        assertThatThrownBy(() -> new DrainResult(DrainResult.Status.TIMED_OUT, 0, LostWrites.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DrainResult.of(-1, LostWrites.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }
}
