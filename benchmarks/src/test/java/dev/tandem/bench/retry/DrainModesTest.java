package dev.tandem.bench.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.bench.retry.DrainModes.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainModesTest {

    @Test
    void modesAreParsedInTheOrderGivenOnce() {
        assertThat(DrainModes.parse("copy, row-wise,in-table,copy"))
                .containsExactly(Mode.COPY, Mode.ROW_WISE, Mode.IN_TABLE);
    }

    @Test
    void anUnknownModeIsRefusedNamingItAndTheModes() {
        assertThatThrownBy(() -> DrainModes.parse("row-wise,bulk"))
                .hasMessageContaining("'bulk'")
                .hasMessageContaining("row-wise, copy, in-table");
    }

    @Test
    void eachModeConfiguresTheConsumersFence() {
        assertThat(Mode.ROW_WISE.settings(List.of("t"))).containsExactly("--tandem.fence.bulk-threshold=0");
        assertThat(Mode.COPY.settings(List.of("t"))).containsExactly("--tandem.fence.bulk-threshold=1");
        assertThat(Mode.IN_TABLE.settings(List.of("t")))
                .containsExactly(
                        "--tandem.fence.bulk-threshold=0",
                        "--tandem.fence.in-table[0].table=t",
                        "--tandem.fence.in-table[0].version-column=version");
    }
}
