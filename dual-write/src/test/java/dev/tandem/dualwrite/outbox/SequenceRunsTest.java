package dev.tandem.dualwrite.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dualwrite.outbox.SequenceRuns.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceRunsTest {

    @Test
    void consecutiveSequencesInAnyOrderFormOneRunAndAGapStartsAnother() {
        assertThat(SequenceRuns.of(List.of(5L, 3L, 4L, 9L, 10L, 1L)))
                .containsExactly(new Run(1, 1), new Run(3, 5), new Run(9, 10));
    }

    @Test
    void aRunNeverCoversASequenceItWasNotGiven() {
        List<Long> done = List.of(2L, 4L, 6L);

        assertThat(SequenceRuns.of(done)).containsExactly(new Run(2, 2), new Run(4, 4), new Run(6, 6));
    }

    @Test
    void nothingDoneIsNoRunAndARepeatedSequenceIsOne() {
        assertThat(SequenceRuns.of(List.of())).isEmpty();
        assertThat(SequenceRuns.of(List.of(7L, 7L, 8L))).containsExactly(new Run(7, 8));
    }
}
