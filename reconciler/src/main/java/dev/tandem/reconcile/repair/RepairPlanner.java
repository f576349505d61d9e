package dev.tandem.reconcile.repair;

import dev.tandem.core.Mutation;
import dev.tandem.core.RowVersions;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.compare.Difference;
import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.mapping.TableMapping;
import dev.tandem.core.source.JdbcRowLookup;
import dev.tandem.core.source.JdbcTableSource;
import dev.tandem.core.source.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Builds the repair of each confirmed difference from the primary's current row: an upsert of all
 * the columns both stores have (ignored ones too), or a delete when the primary has no such row. A
 * repair carries the row's version from the primary's version column, or else the version the fence
 * last applied to the row; as a repair it is applied at that version, and never over a newer write.
 */
public final class RepairPlanner {

    private final DataSource primary;
    private final DataSource secondary;
    private final SecondaryStore fence;
    private final SchemaMapping mapping;

    /** Repairs are planned with the primary's names; {@code fence} maps them through {@code mapping}. */
    public RepairPlanner(DataSource primary, DataSource secondary, SecondaryStore fence, SchemaMapping mapping) {
        this.mapping = mapping;
        this.primary = primary;
        this.secondary = secondary;
        this.fence = fence;
    }

    /** One repair per difference, in order. */
    public List<Mutation> plan(TableSpec spec, List<String> keyColumns, List<Difference> differences) throws Exception {
        if (differences.isEmpty()) {
            return List.of();
        }
        TableMapping table = mapping.table(spec.table());
        List<String> secondaryColumns = JdbcTableSource.nonKeyColumns(
                secondary, table.secondaryName(), table.secondaryNames(spec.keyColumns()));
        List<String> columns = JdbcTableSource.nonKeyColumns(primary, spec.table(), spec.keyColumns()).stream()
                .filter(c -> !table.column(c).dropped())
                .filter(c -> secondaryColumns.stream().anyMatch(table.column(c).secondaryName()::equalsIgnoreCase))
                .toList();
        int versionIndex = versionIndex(spec, columns);
        JdbcRowLookup rows = new JdbcRowLookup(primary, spec.table(), spec.keyColumns(), columns);
        List<Mutation.Builder> builders = new ArrayList<>(differences.size());
        List<Long> versions = new ArrayList<>(differences.size());
        for (Difference difference : differences) {
            Optional<SourceRow> row = rows.find(difference.key());
            Mutation.Builder repair = row.isPresent() ? Mutation.upsert(spec.table()) : Mutation.delete(spec.table());
            for (int i = 0; i < keyColumns.size(); i++) {
                repair.key(keyColumns.get(i), difference.key().get(i));
            }
            Long version = null;
            if (row.isPresent()) {
                for (int i = 0; i < columns.size(); i++) {
                    repair.column(columns.get(i), row.get().values().get(i));
                }
                if (versionIndex >= 0) {
                    version = versionOf(spec, row.get().values().get(versionIndex));
                }
            }
            builders.add(repair.repair(true));
            versions.add(version);
        }
        return withVersions(builders, versions);
    }

    /** Fills in the fence's version where the primary gave none. */
    private List<Mutation> withVersions(List<Mutation.Builder> builders, List<Long> versions) {
        List<Mutation> unversioned = new ArrayList<>();
        for (int i = 0; i < builders.size(); i++) {
            if (versions.get(i) == null) {
                unversioned.add(builders.get(i).build());
            }
        }
        List<Long> fenced = unversioned.isEmpty() ? List.of() : fence.lastAppliedVersions(unversioned);
        List<Mutation> repairs = new ArrayList<>(builders.size());
        int next = 0;
        for (int i = 0; i < builders.size(); i++) {
            long version = versions.get(i) != null ? versions.get(i) : Math.max(0, fenced.get(next++));
            repairs.add(builders.get(i).version(version).build());
        }
        return repairs;
    }

    private static int versionIndex(TableSpec spec, List<String> columns) {
        if (spec.versionColumn() == null || spec.versionColumn().isBlank()) {
            return -1;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(spec.versionColumn())) {
                return i;
            }
        }
        throw new IllegalArgumentException("Table '" + spec.table() + "' has no column '" + spec.versionColumn()
                + "' in both stores (its configured version column)");
    }

    private static long versionOf(TableSpec spec, Object value) {
        try {
            return RowVersions.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Version column '" + spec.versionColumn() + "' of table '" + spec.table() + "': " + e.getMessage(),
                    e);
        }
    }
}
