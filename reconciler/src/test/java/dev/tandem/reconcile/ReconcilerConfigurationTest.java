package dev.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.pace.Busy;
import dev.tandem.core.source.TableSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

class ReconcilerConfigurationTest {

    private static ReconcilerProperties properties(List<ReconcilerProperties.Table> tables) {
        return new ReconcilerProperties(
                null,
                null,
                null,
                tables,
                Duration.ofSeconds(5),
                1000,
                20,
                "tandem.retry",
                "g",
                1000,
                "tandem_fence",
                Duration.ofSeconds(60),
                Duration.ofMinutes(10),
                Duration.ofDays(7),
                0,
                new Busy(64, Duration.ofSeconds(2)),
                new ReconcilerProperties.Schedule(true, "0 0 6 * * *", ZoneOffset.UTC),
                new ReconcilerProperties.Report(List.of(), "f@x", "[tandem]", 14),
                Duration.ofSeconds(30));
    }

    private static ReconcilerProperties.Table table(String name, List<String> masked, Map<String, Double> tolerance) {
        return new ReconcilerProperties.Table(
                name, List.of(), List.of("updated_at"), masked, tolerance, "version", null);
    }

    @Test
    void tablesBecomeSpecsWithMaskingToleranceIgnoredColumnsAndVersionColumn() {
        List<TableSpec> specs = ReconcilerConfiguration.tableSpecs(
                properties(List.of(table("payments", List.of("card_number"), Map.of("rate", 0.001)))));

        assertThat(specs).hasSize(1);
        TableSpec spec = specs.get(0);
        assertThat(spec.table()).isEqualTo("payments");
        assertThat(spec.ignored()).containsExactly("updated_at");
        assertThat(spec.versionColumn()).isEqualTo("version");
        assertThat(spec.options().get("card_number").masked()).isTrue();
        assertThat(spec.options().get("rate").floatTolerance()).isEqualTo(0.001);
        assertThat(spec.options().get("rate").masked()).isFalse();
    }

    @Test
    void noTablesDuplicatesAndBadTolerancesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> ReconcilerConfiguration.tableSpecs(properties(List.of())))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("tandem.reconciler.tables");
        assertThatThrownBy(() -> ReconcilerConfiguration.tableSpecs(properties(
                        List.of(table("payments", List.of(), Map.of()), table("PAYMENTS", List.of(), Map.of())))))
                .hasMessageContaining("tandem.reconciler.tables[1].name")
                .hasMessageContaining("configured twice");
        assertThatThrownBy(() -> ReconcilerConfiguration.tableSpecs(
                        properties(List.of(table("payments", List.of(), Map.of("rate", -1.0))))))
                .hasMessageContaining("tandem.reconciler.tables[0].float-tolerance.rate")
                .hasMessageContaining("zero or a positive number");
    }

    @Test
    void storePropertiesMaskThePasswordAndUrlSecrets() {
        ReconcilerProperties.Database store = new ReconcilerProperties.Database(
                "jdbc:mysql://db:3306/shop?password=Pa55-w0rd", "tandem", "Pa55-w0rd", 4);

        assertThat(store.toString())
                .doesNotContain("Pa55-w0rd")
                .contains("username=tandem")
                .contains("password=******");
    }
}
