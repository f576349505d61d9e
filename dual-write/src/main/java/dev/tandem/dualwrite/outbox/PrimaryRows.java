package dev.tandem.dualwrite.outbox;

import dev.tandem.core.Mutation;
import dev.tandem.core.RowVersions;
import dev.tandem.core.WriteIds;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.source.JdbcRowLookup;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * How the outbox relay reads a write's row again in the primary: the row as it is now, by key, as an
 * upsert at its version, or a delete when the row is gone. Republishing the current row in place of
 * an older write is harmless thanks to the fence: the row's newest write carries the highest version,
 * and a newer state under an older version is overwritten by it (or is itself already stale).
 *
 * <p>By default an upsert carries every column of the row but the key, at the highest version of its
 * outbox rows; {@link #table} names the columns the table's writes carry and its version column, whose
 * value is then the upsert's version. A delete carries the highest version of its outbox rows: the
 * row's last write before the delete has at most that version, and the delete wins at equal versions.
 */
public final class PrimaryRows {

    /** The columns a table's writes carry (empty: every column but the key) and its version column (or null). */
    private record TableReads(List<String> columns, String versionColumn) {}

    private final DataSource primary;
    private final Map<String, TableReads> tables = new ConcurrentHashMap<>();
    private final Map<String, JdbcRowLookup> lookups = new ConcurrentHashMap<>();

    private PrimaryRows(DataSource primary) {
        this.primary = Objects.requireNonNull(primary, "primary");
    }

    /** Rows of {@code primary} read whole (every column but the key), versioned by their outbox rows. */
    public static PrimaryRows of(DataSource primary) {
        return new PrimaryRows(primary);
    }

    /**
     * Writes of {@code table} carry {@code columns} (every column but the key when empty) and the row's
     * version is in {@code versionColumn} (null when the table has none: the outbox row's version).
     */
    public PrimaryRows table(String table, List<String> columns, String versionColumn) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("A table the outbox relay reads needs a name");
        }
        List<String> read = List.copyOf(columns);
        String version = versionColumn == null || versionColumn.isBlank() ? null : versionColumn;
        if (version != null && !read.isEmpty() && read.stream().noneMatch(version::equalsIgnoreCase)) {
            throw new IllegalArgumentException("Table '" + table + "': version column '" + version
                    + "' is not among the columns its writes carry " + read);
        }
        String name = normal(table);
        tables.put(name, new TableReads(read, version));
        lookups.remove(name);
        return this;
    }

    /**
     * The writes that bring the secondary to the current rows of {@code rows}, all lean rows of one
     * table: one per row key, in the order of its first outbox row.
     */
    List<Keyed> current(String table, List<OutboxRow> rows) throws SQLException {
        Map<String, Keyed> byKey = new LinkedHashMap<>();
        for (OutboxRow row : rows) {
            Map<String, Object> key = MutationCodec.decodeKey(row.rowKey());
            Keyed probe = new Keyed(key, new ArrayList<>(), null);
            byKey.computeIfAbsent(probe.text(table), k -> probe).rows().add(row);
        }
        List<Keyed> keyed = new ArrayList<>(byKey.values());
        JdbcRowLookup lookup = lookup(table);
        List<Column> keyColumns = lookup.keys();
        List<List<Object>> keys = new ArrayList<>(keyed.size());
        for (Keyed one : keyed) {
            keys.add(keyValues(table, keyColumns, one.key()));
        }
        List<Optional<SourceRow>> found = lookup.findAll(keys);
        TableReads reads = tables.get(normal(table));
        List<String> columns = lookup.columns().stream().map(Column::name).toList();
        int versionIndex =
                reads == null || reads.versionColumn() == null ? -1 : indexOf(columns, reads.versionColumn());
        if (reads != null && reads.versionColumn() != null && versionIndex < 0) {
            throw new IllegalStateException(
                    "Table '" + table + "' has no column '" + reads.versionColumn() + "' (its version column)");
        }
        List<Keyed> writes = new ArrayList<>(keyed.size());
        for (int i = 0; i < keyed.size(); i++) {
            Keyed one = keyed.get(i);
            writes.add(new Keyed(one.key(), one.rows(), write(table, one, found.get(i), columns, versionIndex)));
        }
        return writes;
    }

    private static Mutation write(
            String table, Keyed keyed, Optional<SourceRow> row, List<String> columns, int versionIndex) {
        long recorded = 0;
        OutboxRow newest = keyed.rows().get(0);
        for (OutboxRow one : keyed.rows()) {
            recorded = Math.max(recorded, one.version());
            if (one.seq() > newest.seq()) {
                newest = one;
            }
        }
        Mutation.Builder write = row.isPresent() ? Mutation.upsert(table) : Mutation.delete(table);
        keyed.key().forEach(write::key);
        long version = recorded;
        if (row.isPresent()) {
            List<Object> values = row.get().values();
            for (int c = 0; c < columns.size(); c++) {
                write.column(columns.get(c), values.get(c));
            }
            if (versionIndex >= 0) {
                version = versionOf(table, columns.get(versionIndex), values.get(versionIndex));
            }
        }
        return write.version(version)
                .writeId(WriteIds.next())
                .committedAt(newest.createdAt().toInstant(ZoneOffset.UTC))
                .build();
    }

    private static long versionOf(String table, String column, Object value) {
        try {
            return RowVersions.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Version column '" + column + "' of table '" + table + "': " + e.getMessage(), e);
        }
    }

    private JdbcRowLookup lookup(String table) {
        return lookups.computeIfAbsent(normal(table), name -> {
            TableReads reads = tables.get(name);
            return reads == null || reads.columns().isEmpty()
                    ? JdbcRowLookup.wholeRows(primary, table)
                    : new JdbcRowLookup(primary, table, List.of(), reads.columns());
        });
    }

    /** The key's values in the order of the table's key columns. */
    private static List<Object> keyValues(String table, List<Column> keyColumns, Map<String, Object> key) {
        List<Object> values = new ArrayList<>(keyColumns.size());
        for (Column column : keyColumns) {
            Object value = null;
            boolean named = false;
            for (Map.Entry<String, Object> entry : key.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(column.name())) {
                    value = entry.getValue();
                    named = true;
                }
            }
            if (!named || key.size() != keyColumns.size()) {
                throw new IllegalStateException("An outbox row of table '" + table + "' has key columns "
                        + key.keySet() + " but the table's primary key is "
                        + keyColumns.stream().map(Column::name).toList());
            }
            values.add(value);
        }
        return values;
    }

    private static int indexOf(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String normal(String table) {
        return table.toLowerCase(Locale.ROOT);
    }

    /** The outbox rows of one row key, and the write that brings the row to its current state. */
    record Keyed(Map<String, Object> key, List<OutboxRow> rows, Mutation write) {

        String text(String table) {
            return table + "/" + dev.tandem.core.RowKey.of(key).text();
        }
    }
}
