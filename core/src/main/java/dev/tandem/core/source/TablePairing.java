package dev.tandem.core.source;

import dev.tandem.core.compare.ColumnComparison;
import dev.tandem.core.compare.MergeJoin;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.mapping.ColumnMapping;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.mapping.TableMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * One table as both stores hold it, paired through the schema mapping: the table's name in each,
 * its key columns in each, and the compared columns in each (the i-th primary column is compared
 * with the i-th secondary one, its primary values converted first). Dropped and ignored columns are
 * left out; columns only one side has are named, not compared.
 *
 * @param spec what to compare, by the primary's names
 * @param mapping how the table reaches the secondary
 * @param secondaryTable the table's name in the secondary
 * @param primaryKey the key columns in the primary (empty: its primary key)
 * @param secondaryKey the key columns in the secondary (empty: its primary key)
 * @param primaryColumns the compared columns, as the primary names them
 * @param secondaryColumns the compared columns, as the secondary names them
 * @param onlyInPrimary primary columns the secondary lacks (and the mapping does not drop)
 * @param onlyInSecondary secondary columns no primary column maps to
 */
public record TablePairing(
        TableSpec spec,
        TableMapping mapping,
        String secondaryTable,
        List<String> primaryKey,
        List<String> secondaryKey,
        List<String> primaryColumns,
        List<String> secondaryColumns,
        List<String> onlyInPrimary,
        List<String> onlyInSecondary) {

    /** Describes {@code spec}'s table in both stores. */
    public static TablePairing of(DataSource primary, DataSource secondary, TableSpec spec, SchemaMapping schema)
            throws Exception {
        TableMapping mapping = schema.table(spec.table());
        List<String> secondaryKey = mapping.secondaryNames(spec.keyColumns());
        Set<String> ignoredInSecondary = lower(mapping.secondaryNames(List.copyOf(spec.ignored())));
        List<String> inPrimary = JdbcTableSource.nonKeyColumns(primary, spec.table(), spec.keyColumns()).stream()
                .filter(c -> !spec.ignored().contains(c) && !mapping.column(c).dropped())
                .toList();
        List<String> inSecondary =
                JdbcTableSource.nonKeyColumns(secondary, mapping.secondaryName(), secondaryKey).stream()
                        .filter(c -> !ignoredInSecondary.contains(c.toLowerCase()))
                        .toList();
        List<String> primaryColumns = new ArrayList<>();
        List<String> secondaryColumns = new ArrayList<>();
        List<String> onlyInPrimary = new ArrayList<>();
        for (String column : inPrimary) {
            String target = mapping.column(column).secondaryName();
            String found = inSecondary.stream()
                    .filter(s -> s.equalsIgnoreCase(target))
                    .findFirst()
                    .orElse(null);
            if (found == null) {
                onlyInPrimary.add(column);
            } else {
                primaryColumns.add(column);
                secondaryColumns.add(found);
            }
        }
        Set<String> paired = lower(secondaryColumns);
        List<String> onlyInSecondary = inSecondary.stream()
                .filter(c -> !paired.contains(c.toLowerCase()))
                .toList();
        return new TablePairing(
                spec,
                mapping,
                mapping.secondaryName(),
                spec.keyColumns(),
                secondaryKey,
                primaryColumns,
                secondaryColumns,
                onlyInPrimary,
                onlyInSecondary);
    }

    /** The join comparing rows read as {@code primary} and {@code secondary} describe the compared columns. */
    public MergeJoin join(List<Column> primary, List<Column> secondary) {
        List<ColumnComparison> comparisons = new ArrayList<>();
        for (int i = 0; i < primaryColumns.size(); i++) {
            String name = primaryColumns.get(i);
            ColumnMapping column = mapping.column(name);
            comparisons.add(
                    column.converts()
                            ? new ColumnComparison(
                                    name,
                                    column.comparedAs(primary.get(i), secondary.get(i)),
                                    secondary.get(i),
                                    spec.optionsOf(name),
                                    (UnaryOperator<Object>) column::convert)
                            : new ColumnComparison(name, primary.get(i), secondary.get(i), spec.optionsOf(name)));
        }
        return new MergeJoin(comparisons);
    }

    /** The secondary's name of the primary's column {@code column}. */
    public String secondaryName(String column) {
        return mapping.column(column).secondaryName();
    }

    private static Set<String> lower(List<String> names) {
        return names.stream().map(String::toLowerCase).collect(Collectors.toSet());
    }
}
