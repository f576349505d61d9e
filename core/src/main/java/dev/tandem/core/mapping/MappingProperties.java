package dev.tandem.core.mapping;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The schema mapping, under {@code tandem.mapping}: declared once and bound by every part (the
 * library, the retry consumer, the reconciler and its backfill). Lists, not maps, so that table and
 * column names keep their underscores and case.
 *
 * <pre>
 * tandem.mapping.tables[0].primary=legacy_orders
 * tandem.mapping.tables[0].secondary=orders
 * tandem.mapping.tables[0].columns[0].primary=qty
 * tandem.mapping.tables[0].columns[0].secondary=quantity
 * tandem.mapping.tables[0].columns[0].convert=WIDEN_INTEGER
 * </pre>
 *
 * @param tables the tables whose name or columns differ in the secondary
 */
@ConfigurationProperties("tandem.mapping")
public record MappingProperties(List<Table> tables) {

    public MappingProperties {
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /**
     * One table.
     *
     * @param primary the table's name in the primary
     * @param secondary its name in the secondary, when renamed
     * @param columns the columns renamed, dropped or converted
     */
    public record Table(String primary, String secondary, List<Column> columns) {

        public Table {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }
    }

    /**
     * One column.
     *
     * @param primary the column's name in the primary
     * @param secondary its name in the secondary, when renamed
     * @param drop whether the secondary has no such column (never written, never compared)
     * @param convert how its values change on the way (NONE, WIDEN_INTEGER, REDECODE_LATIN1_TO_UTF8,
     *     TINYINT_TO_BOOLEAN, LOCAL_TIMESTAMP_TO_ZONED)
     * @param zone the zone LOCAL_TIMESTAMP_TO_ZONED reads local times in (UTC when unset)
     */
    public record Column(String primary, String secondary, boolean drop, Conversion convert, ZoneId zone) {}

    /**
     * The mapping these properties declare.
     *
     * @throws InvalidConfigurationPropertyValueException naming the key that is missing or contradicts another
     */
    public SchemaMapping toSchemaMapping() {
        List<TableMapping> mapped = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            Table table = tables.get(i);
            String key = "tandem.mapping.tables[" + i + "]";
            if (table.primary() == null || table.primary().isBlank()) {
                throw new InvalidConfigurationPropertyValueException(
                        key + ".primary", table.primary(), "Name the primary's table");
            }
            Map<String, ColumnMapping> columns = new LinkedHashMap<>();
            for (int j = 0; j < table.columns().size(); j++) {
                Column column = table.columns().get(j);
                String columnKey = key + ".columns[" + j + "]";
                try {
                    columns.put(
                            columnKey,
                            new ColumnMapping(
                                    column.primary(),
                                    column.secondary(),
                                    column.drop(),
                                    column.convert(),
                                    column.zone()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationPropertyValueException(columnKey, column, e.getMessage());
                }
            }
            try {
                mapped.add(new TableMapping(table.primary(), table.secondary(), columns));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException(key, table.primary(), e.getMessage());
            }
        }
        try {
            return SchemaMapping.of(mapped);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException("tandem.mapping.tables", tables, e.getMessage());
        }
    }
}
