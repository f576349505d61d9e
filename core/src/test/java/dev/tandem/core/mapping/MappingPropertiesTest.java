package dev.tandem.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MappingPropertiesTest {

    @Test
    void tablesAndColumnsKeepTheirUnderscoresAndCase() {
        SchemaMapping mapping = bind(Map.of(
                        "tandem.mapping.tables[0].primary", "Legacy_Orders",
                        "tandem.mapping.tables[0].secondary", "orders",
                        "tandem.mapping.tables[0].columns[0].primary", "QTY_total",
                        "tandem.mapping.tables[0].columns[0].secondary", "quantity",
                        "tandem.mapping.tables[0].columns[0].convert", "widen-integer"))
                .toSchemaMapping();

        assertThat(mapping.table("legacy_orders").secondaryName()).isEqualTo("orders");
        assertThat(mapping.table("Legacy_Orders").column("qty_total").secondaryName())
                .isEqualTo("quantity");
        assertThat(mapping.table("Legacy_Orders").column("QTY_total").conversion())
                .isEqualTo(Conversion.WIDEN_INTEGER);
    }

    @Test
    void aColumnWithoutItsPrimaryNameIsRefusedNamingTheKey() {
        MappingProperties properties = bind(Map.of(
                "tandem.mapping.tables[0].primary", "orders",
                "tandem.mapping.tables[0].columns[0].secondary", "quantity"));

        assertThatThrownBy(properties::toSchemaMapping)
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("tandem.mapping.tables[0].columns[0]")
                .hasMessageContaining("A column mapping needs the primary's column name");
    }

    @Test
    void noMappingMeansTheSameSchemaInBothStores() {
        assertThat(bind(Map.of()).toSchemaMapping()).isSameAs(SchemaMapping.NONE);
    }

    private static MappingProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("tandem.mapping", MappingProperties.class)
                .orElseGet(() -> new MappingProperties(null));
    }
}
