package dev.tandem.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.source.TableSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableOrderTest {

    @Test
    void independentTablesShareALevelAndDependentsFollowWhatTheyDependOn() {
        List<List<BackfillTable>> levels = TableOrder.levels(List.of(
                table("order_lines", "orders", "products"),
                table("customers"),
                table("orders", "customers"),
                table("products")));

        assertThat(levels)
                .extracting(level -> level.stream().map(BackfillTable::name).toList())
                .containsExactly(List.of("customers", "products"), List.of("orders"), List.of("order_lines"));
    }

    @Test
    void aCycleIsRefusedNamingItsTables() {
        assertThatThrownBy(() -> TableOrder.levels(List.of(table("a", "b"), table("b", "a"), table("c"))))
                .hasMessage("The dependencies of tables [a, b] form a cycle");
    }

    @Test
    void aDependencyOnATableNotBackfilledIsRefused() {
        assertThatThrownBy(() -> TableOrder.levels(List.of(table("orders", "customers"))))
                .hasMessage("Table 'orders' depends on 'customers', which is not among the tables backfilled [orders]");
    }

    private static BackfillTable table(String name, String... dependsOn) {
        return new BackfillTable(TableSpec.of(name), "version", List.of(dependsOn));
    }
}
