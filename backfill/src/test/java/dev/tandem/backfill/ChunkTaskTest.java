package dev.tandem.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.work.Task;
import org.junit.jupiter.api.Test;

class ChunkTaskTest {

    @Test
    void aChunkTaskReadsBackAsItWasWritten() {
        ChunkTask chunk = new ChunkTask("20261204T231156-0414116c", "ledger.entries", 17);

        Task task = chunk.task();

        assertThat(task.key()).isEqualTo("ledger.entries/17");
        assertThat(ChunkTask.decode(task.value())).isEqualTo(chunk);
    }

    @Test
    void theSameChunkAlwaysTakesTheSameSlotWhicheverRunPublishesIt() {
        assertThat(new ChunkTask("run-a", "orders", 3).task().slot())
                .isEqualTo(new ChunkTask("run-b", "ORDERS", 3).task().slot())
                .isNotEqualTo(new ChunkTask("run-a", "orders", 4).task().slot());
    }

    @Test
    void aValueThatIsNotAChunkTaskIsRefusedQuotingIt() {
        assertThatThrownBy(() -> ChunkTask.decode("run=r1 table=orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'run=r1 table=orders'");
    }
}
