package dev.tandem.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.fence.FenceMigrations;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnTablesTest {

    @Test
    void theFenceHistoryIsNamedAfterTheFenceTable() {
        assertThat(FenceMigrations.of("tandem_fence").historyTable()).isEqualTo("tandem_fence_schema_history");
    }

    @Test
    void aTableNameThatIsNoPlainIdentifierIsRefusedNamingThePlaceholder() {
        assertThatThrownBy(() -> OwnTables.of("fence", "f_schema_history", Map.of("fence_table", "f; DROP TABLE x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "Placeholder fence_table of the fence tables 'f; DROP TABLE x' must be a plain identifier");
    }

    @Test
    void aTableNameTooLongForItsHistoryTableIsRefused() {
        String name = "f".repeat(50);

        assertThatThrownBy(() -> FenceMigrations.of(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The history table of the fence tables '" + name + "_schema_history'")
                .hasMessageContaining("at most 63 characters");
    }

    @Test
    void aComponentNameMustBeAFolderName() {
        assertThatThrownBy(() -> OwnTables.of("../fence", "h", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Component '../fence'");
    }
}
