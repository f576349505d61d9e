package dev.tandem.core.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceRowTest {

    @Test
    void cellsReadSplitIntoKeyAndValuesWithNullsKept() {
        SourceRow row = SourceRow.of(new Object[] {7L, "a", null, 2}, 1);

        assertThat(row.key()).containsExactly(7L);
        assertThat(row.values()).containsExactly("a", null, 2);
        assertThat(row).isEqualTo(new SourceRow(List.of(7L), Arrays.asList("a", null, 2)));
    }

    @Test
    void valuesCannotBeChangedThroughTheRowNorThroughTheListsItWasMadeOf() {
        List<Object> values = new ArrayList<>(Arrays.asList("a", "b"));
        SourceRow row = new SourceRow(List.of(1L), values);
        values.set(0, "changed");

        assertThat(row.values()).containsExactly("a", "b");
        assertThatThrownBy(() -> row.values().set(0, "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> row.key().get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
