package dev.tandem.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackfillOptionsTest {

    @Test
    void defaultsUseOneWorkerPerCoreAndVerify() {
        BackfillOptions options = BackfillOptions.custom().build();

        assertThat(options.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(options.verify()).isTrue();
        assertThat(options.chunkRows()).isEqualTo(20_000);
    }

    @Test
    void settingsOutOfRangeAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> BackfillOptions.custom().workers(0).build())
                .hasMessage("workers must be positive but was 0");
        assertThatThrownBy(() -> BackfillOptions.custom().batchRows(50_000).build())
                .hasMessage("batchRows (50000) must not exceed maxBatchRows (20000)");
        assertThatThrownBy(() -> BackfillOptions.custom()
                        .targetBatchDuration(Duration.ZERO)
                        .build())
                .hasMessage("targetBatchDuration must be positive but was PT0S");
        assertThatThrownBy(() -> BackfillOptions.custom().maxActiveQueries(-1).build())
                .hasMessageContaining("maxActiveQueries must be 0 (never pause) or positive but was -1");
    }

    @Test
    void aTableWithoutVersionColumnCannotBeBackfilled() {
        assertThatThrownBy(() -> BackfillTable.of("payments", " "))
                .hasMessageStartingWith("Table 'payments' needs a version column to be backfilled");
    }
}
