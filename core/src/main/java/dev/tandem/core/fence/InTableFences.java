package dev.tandem.core.fence;

import dev.tandem.core.InvalidMutationException;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import dev.tandem.core.jdbc.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The secondary's tables fenced by a version column of their own ({@link
 * FencedStoreBuilder#inTableFence}), by table name as the secondary spells it, ignoring case, and
 * that column's name. Every applier of such a table must be configured alike: the in-table fence and
 * the fence table keep a row's state in different places.
 */
final class InTableFences {

    static final InTableFences NONE = new InTableFences(Map.of());

    private final Map<String, String> versionColumns;

    private InTableFences(Map<String, String> versionColumns) {
        this.versionColumns = Map.copyOf(versionColumns);
    }

    /** {@code this} with {@code table} fenced by {@code versionColumn}. */
    InTableFences with(String table, String versionColumn) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException(
                    "In-table fence: the table name must not be blank but was '" + table + "'");
        }
        if (versionColumn == null || versionColumn.isBlank()) {
            throw new IllegalArgumentException("In-table fence of table " + table
                    + ": the version column must not be blank but was '" + versionColumn + "'");
        }
        Map<String, String> columns = new TreeMap<>(versionColumns);
        columns.put(table.toLowerCase(Locale.ROOT), versionColumn);
        return new InTableFences(columns);
    }

    boolean isEmpty() {
        return versionColumns.isEmpty();
    }

    /**
     * The version column of {@code table} if it has the in-table fence.
     *
     * @throws IllegalStateException if the configured column is not an integer column of the table
     *     outside its primary key
     */
    Optional<Column> versionColumn(Table table) {
        String name = versionColumns.get(table.name().toLowerCase(Locale.ROOT));
        if (name == null) {
            return Optional.empty();
        }
        Optional<Column> column = table.column(name);
        if (column.isEmpty()
                || column.get().kind() != ColumnKind.INTEGER
                || table.primaryKey().contains(column.get())) {
            throw new IllegalStateException("The in-table fence of table " + table.name() + " names version column "
                    + name + ", which is not an integer column of it outside its primary key");
        }
        return column;
    }

    /**
     * {@code m} with its table's version column, if it has the in-table fence, set to the
     * mutation's version: the column the fence judges by. A delete writes no columns.
     *
     * @throws InvalidMutationException if the mutation also names the column, with another value
     */
    ResolvedMutation withVersion(ResolvedMutation m) {
        if (versionColumns.isEmpty() || m.mutation().isDelete()) {
            return m;
        }
        Optional<Column> version = versionColumn(m.table());
        if (version.isEmpty()) {
            return m;
        }
        Long expected = m.mutation().version();
        for (int c = 0; c < m.columns().size(); c++) {
            if (m.columns().get(c) == version.get()) {
                if (!expected.equals(m.values().get(c))) {
                    throw new InvalidMutationException(
                            m.mutation(),
                            version.get().name(),
                            "holds " + m.values().get(c) + " but the mutation's version is " + expected
                                    + "; the in-table fence keeps the version in this column");
                }
                return m;
            }
        }
        List<Column> columns = new ArrayList<>(m.columns());
        columns.add(version.get());
        List<Object> values = new ArrayList<>(m.values());
        values.add(expected);
        return new ResolvedMutation(
                m.mutation(), m.table(), m.keyValues(), List.copyOf(columns), values, m.rowKey(), m.keyHash());
    }

    @Override
    public String toString() {
        return versionColumns.toString();
    }
}
