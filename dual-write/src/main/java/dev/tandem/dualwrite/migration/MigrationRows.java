package dev.tandem.dualwrite.migration;

import dev.tandem.core.compare.Difference;
import dev.tandem.core.compare.MergeJoin;
import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.control.Store;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.mapping.TableMapping;
import dev.tandem.core.source.JdbcRowLookup;
import dev.tandem.core.source.TablePairing;
import dev.tandem.core.source.TableSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The rows of both stores of a migration by key, what shadow reads and the cutover's verification
 * compare. Tables and keys are named as the origin (and the application) names them; the target's
 * table, key columns and columns are found through the schema mapping (origin to target), and rows
 * are compared as the reconciler compares them ({@link TablePairing}): converted values, dropped and
 * ignored columns left out, columns only one store has not compared.
 */
final class MigrationRows {

    private static final List<Object> SAME_KEY = List.of(0L);

    private final DataSource originStore;
    private final DataSource targetStore;
    private final SchemaMapping mapping;
    private final Set<String> ignored;
    private final Map<String, Tables> tables = new ConcurrentHashMap<>();

    /** @param ignored column names (lower case, the origin's) left out of every comparison */
    MigrationRows(DataSource origin, DataSource target, SchemaMapping mapping, Set<String> ignored) {
        this.originStore = origin;
        this.targetStore = target;
        this.mapping = mapping;
        this.ignored = Set.copyOf(ignored);
    }

    /** What one store holds for one key: the row, or none. */
    record Found(Store store, List<String> columns, Optional<SourceRow> row) {

        /** The row by column name as the store spells them (key columns first), or empty. */
        Optional<Map<String, Object>> asMap() {
            return row.map(r -> {
                Map<String, Object> values = new LinkedHashMap<>();
                List<Object> cells = new ArrayList<>(r.key());
                cells.addAll(r.values());
                for (int i = 0; i < columns.size(); i++) {
                    values.put(columns.get(i), cells.get(i));
                }
                return values;
            });
        }
    }

    /** The row of {@code table} with {@code key} (the origin's names) in {@code store}. */
    Found read(Store store, String table, Map<String, Object> key) throws SQLException {
        return readAll(store, table, List.of(key)).get(0);
    }

    /** The rows of {@code table} with {@code keys} (the origin's names) in {@code store}, one per key, in order. */
    List<Found> readAll(Store store, String table, List<Map<String, Object>> keys) throws SQLException {
        Tables pair = tables(table);
        JdbcRowLookup lookup = pair.lookup(store);
        List<Column> keyColumns = lookup.keys();
        List<List<Object>> values = new ArrayList<>(keys.size());
        for (Map<String, Object> key : keys) {
            values.add(pair.keyValues(store, keyColumns, key));
        }
        List<String> columns = new ArrayList<>();
        keyColumns.forEach(c -> columns.add(c.name()));
        lookup.columns().forEach(c -> columns.add(c.name()));
        List<String> names = List.copyOf(columns);
        return lookup.findAll(values).stream()
                .map(row -> new Found(store, names, row))
                .toList();
    }

    /** Whether {@code a} and {@code b}, one read from each store for the same key of {@code table}, agree. */
    boolean same(String table, Found a, Found b) throws SQLException {
        Found origin = a.store() == Store.ORIGIN ? a : b;
        Found target = a.store() == Store.ORIGIN ? b : a;
        if (origin.store() == target.store()) {
            throw new IllegalArgumentException("Both rows of " + table + " were read from the " + a.store());
        }
        if (origin.row().isEmpty() || target.row().isEmpty()) {
            return origin.row().isEmpty() && target.row().isEmpty();
        }
        return tables(table).comparison().same(origin.row().get(), target.row().get());
    }

    private Tables tables(String table) {
        return tables.computeIfAbsent(table.toLowerCase(Locale.ROOT), t -> new Tables(table));
    }

    /** One table in both stores: a lookup of its whole rows in each, and (once both were read) how they compare. */
    private final class Tables {
        private final String originTable;
        private final TableMapping tableMapping;
        private final JdbcRowLookup origin;
        private final JdbcRowLookup target;
        private volatile Comparison comparison;

        Tables(String originTable) {
            this.originTable = originTable;
            this.tableMapping = mapping.table(originTable);
            this.origin = JdbcRowLookup.wholeRows(originStore, originTable);
            this.target = JdbcRowLookup.wholeRows(targetStore, tableMapping.secondaryName());
        }

        JdbcRowLookup lookup(Store store) {
            return store == Store.ORIGIN ? origin : target;
        }

        /** {@code key}'s values (by the origin's column names) in the order of {@code store}'s key columns. */
        List<Object> keyValues(Store store, List<Column> keyColumns, Map<String, Object> key) {
            List<Object> values = new ArrayList<>(keyColumns.size());
            for (Column column : keyColumns) {
                values.add(key.entrySet().stream()
                        .filter(e -> (store == Store.ORIGIN
                                        ? e.getKey()
                                        : tableMapping.column(e.getKey()).secondaryName())
                                .equalsIgnoreCase(column.name()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("The key " + key + " of table '" + originTable
                                + "' has no value for the " + store + "'s key column '" + column.name() + "'"))
                        .getValue());
            }
            return values;
        }

        Comparison comparison() throws SQLException {
            if (comparison == null) {
                synchronized (this) {
                    if (comparison == null) {
                        comparison = new Comparison(this);
                    }
                }
            }
            return comparison;
        }
    }

    /**
     * The compared columns of one table, as the reconciler pairs them, and where each is in the whole
     * rows read from each store.
     */
    private final class Comparison {
        private final MergeJoin join;
        private final int[] originIndexes;
        private final int[] targetIndexes;

        Comparison(Tables table) throws SQLException {
            List<Column> originColumns = table.origin.columns();
            List<Column> targetColumns = table.target.columns();
            Set<String> ignoredNames = originColumns.stream()
                    .map(Column::name)
                    .filter(name -> ignored.contains(name.toLowerCase(Locale.ROOT)))
                    .collect(Collectors.toSet());
            List<String> key = table.origin.keys().stream().map(Column::name).toList();
            TablePairing pairing;
            try {
                pairing = TablePairing.of(
                        originStore,
                        targetStore,
                        new TableSpec(table.originTable, key, ignoredNames, Map.of()),
                        mapping);
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new SQLException("Pairing table '" + table.originTable + "' of both stores failed", e);
            }
            this.originIndexes = indexes(originColumns, pairing.primaryColumns());
            this.targetIndexes = indexes(targetColumns, pairing.secondaryColumns());
            this.join = pairing.join(pick(originColumns, originIndexes), pick(targetColumns, targetIndexes));
        }

        boolean same(SourceRow origin, SourceRow target) {
            // Both rows were looked up by the same key: the join compares their values under one
            // stand-in key (a key of any type, a date say, then joins).
            List<Difference> differences = new ArrayList<>(1);
            join.compare(
                    List.of(new SourceRow(SAME_KEY, pick(origin.values(), originIndexes)))
                            .iterator(),
                    List.of(new SourceRow(SAME_KEY, pick(target.values(), targetIndexes)))
                            .iterator(),
                    differences::add);
            return differences.isEmpty();
        }

        private static int[] indexes(List<Column> columns, List<String> names) {
            int[] indexes = new int[names.size()];
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                int found = -1;
                for (int j = 0; j < columns.size() && found < 0; j++) {
                    if (columns.get(j).name().equalsIgnoreCase(name)) {
                        found = j;
                    }
                }
                if (found < 0) {
                    throw new IllegalStateException("Column '" + name + "' is compared but was not read");
                }
                indexes[i] = found;
            }
            return indexes;
        }

        private static <T> List<T> pick(List<T> items, int[] indexes) {
            List<T> picked = new ArrayList<>(indexes.length);
            for (int index : indexes) {
                picked.add(items.get(index));
            }
            return picked;
        }
    }
}
