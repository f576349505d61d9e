package dev.tandem.core.fence;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.RowKey;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.Table;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table's part of a batch under the in-table fence: the row's own version column guards its
 * upserts, and only a delete leaves a row in the fence table, its tombstone. A row's state is the
 * newer of its version column and its tombstone.
 *
 * <p>Every row of the part holds a {@link StripeLocks stripe lock} taken before any other lock: shared
 * for a row whose winner is a plain upsert, exclusive for one whose winner is a delete, a repair or an
 * upsert that leaves out a NOT NULL column. Under the shared lock no delete of the row can run, so
 * its tombstone, read first, is settled, and a guarded upsert ({@code … ON CONFLICT … DO UPDATE …
 * WHERE EXCLUDED.version > version RETURNING key}) decides against concurrent upserts in SQL. Under
 * the exclusive lock no other applier touches the row: the rule in Java judges it against both
 * halves of its state, and the row is written and the tombstone advanced as the fence table's path
 * does.
 */
final class InTableApply implements TableApply {

    private final Dialect dialect;
    private final FenceTable fence;
    private final RowWriter writer;
    private final InTableVersions versions;
    private final Statements statements;
    private final Table table;
    private final Column version;
    private final List<RowGroup> rows;
    private final List<RowGroup> guarded = new ArrayList<>();
    private final List<RowGroup> judgedInJava = new ArrayList<>();
    private final List<RowGroup> appliedInJava = new ArrayList<>();

    InTableApply(
            Dialect dialect,
            FenceTable fence,
            RowWriter writer,
            InTableVersions versions,
            Statements statements,
            Table table,
            Column version,
            List<ResolvedMutation> batch) {
        this.dialect = dialect;
        this.fence = fence;
        this.writer = writer;
        this.versions = versions;
        this.statements = statements;
        this.table = table;
        this.version = version;
        this.rows = RowGroup.of(batch);
        boolean upsertByKey = dialect.upsertMatchesOnlyThePrimaryKey(table);
        List<Column> covering = null;
        for (RowGroup row : rows) {
            List<Column> columns = row.winner().columns();
            boolean covers;
            if (covering != null && sameColumns(covering, columns)) {
                covers = true;
            } else {
                covers = RowWriter.coversNotNullColumns(table, columns);
                covering = covers ? columns : covering;
            }
            (needsExclusiveLock(row, upsertByKey, covers) ? judgedInJava : guarded).add(row);
        }
    }

    /** This part's stripes, each with whether it must be held exclusively. */
    void addStripes(String fenceTable, Map<Integer, Boolean> stripes) {
        for (RowGroup row : guarded) {
            stripes.merge(StripeLocks.stripe(table.name(), row.keyHash()), false, Boolean::logicalOr);
        }
        for (RowGroup row : judgedInJava) {
            stripes.put(StripeLocks.stripe(table.name(), row.keyHash()), true);
        }
    }

    @Override
    public void lock(Connection connection, Map<ResolvedMutation, ApplyOutcome> outcomes) throws SQLException {
        Map<ByteBuffer, FenceState> tombstones = fence.states(connection, table.name(), rows);
        Map<ByteBuffer, FenceState> stored =
                judgedInJava.isEmpty() ? Map.of() : versions.states(connection, table, version, judgedInJava);
        for (RowGroup row : judgedInJava) {
            ByteBuffer hash = ByteBuffer.wrap(row.keyHash());
            FenceState state = InTableVersions.newer(tombstones.get(hash), stored.get(hash));
            ApplyOutcome outcome = VersionFence.judge(state, row.winner().mutation());
            if (outcome == ApplyOutcome.APPLIED) {
                appliedInJava.add(row);
            }
            TableApply.record(row, outcome, outcomes);
        }
        // A tombstone as new as a plain upsert stops it here; the version column judges the others.
        guarded.removeIf(row -> {
            FenceState tombstone = tombstones.get(ByteBuffer.wrap(row.keyHash()));
            ApplyOutcome outcome = tombstone == null
                    ? ApplyOutcome.APPLIED
                    : VersionFence.judge(tombstone, row.winner().mutation());
            if (outcome != ApplyOutcome.APPLIED) {
                TableApply.record(row, outcome, outcomes);
                return true;
            }
            return false;
        });
    }

    @Override
    public void write(Connection connection, Map<ResolvedMutation, ApplyOutcome> outcomes) throws SQLException {
        writer.write(
                connection, table, appliedInJava.stream().map(RowGroup::winner).toList());
        fence.advance(
                connection,
                table.name(),
                appliedInJava.stream()
                        .filter(row -> row.winner().mutation().isDelete())
                        .toList());
        for (List<RowGroup> group : byColumns(guarded)) {
            List<Column> columns = new ArrayList<>(table.primaryKey());
            columns.addAll(group.get(0).winner().columns());
            for (List<RowGroup> chunk : Chunks.of(group, columns.size())) {
                upsertGuarded(connection, columns, chunk, outcomes);
            }
        }
    }

    /** Upserts {@code chunk} where each is newer than its row's version; judges the others by it. */
    private void upsertGuarded(
            Connection connection,
            List<Column> columns,
            List<RowGroup> chunk,
            Map<ResolvedMutation, ApplyOutcome> outcomes)
            throws SQLException {
        List<List<Object>> writtenKeys = new ArrayList<>(chunk.size());
        try (PreparedStatement upsert =
                statements.prepare(connection, dialect.guardedUpsert(table, columns, chunk.size(), version))) {
            int i = 1;
            for (RowGroup row : chunk) {
                ResolvedMutation winner = row.winner();
                for (int k = 0; k < table.primaryKey().size(); k++) {
                    dialect.bind(
                            upsert,
                            i++,
                            table.primaryKey().get(k),
                            winner.keyValues().get(k));
                }
                for (int c = 0; c < winner.columns().size(); c++) {
                    dialect.bind(
                            upsert,
                            i++,
                            winner.columns().get(c),
                            winner.values().get(c));
                }
            }
            try (ResultSet rs = upsert.executeQuery()) {
                while (rs.next()) {
                    List<Object> key = new ArrayList<>(table.primaryKey().size());
                    for (int k = 0; k < table.primaryKey().size(); k++) {
                        key.add(dialect.read(rs, k + 1, table.primaryKey().get(k)));
                    }
                    writtenKeys.add(key);
                }
            }
        }
        if (writtenKeys.size() == chunk.size()) {
            // A chunk holds each row once, so the upsert wrote every one of them.
            chunk.forEach(row -> TableApply.record(row, ApplyOutcome.APPLIED, outcomes));
            return;
        }
        Set<RowKey> written = new HashSet<>();
        writtenKeys.forEach(key -> written.add(RowWriter.keyOf(table, key)));
        List<RowGroup> losers = new ArrayList<>();
        for (RowGroup row : chunk) {
            if (written.contains(RowWriter.keyOf(table, row.winner().keyValues()))) {
                TableApply.record(row, ApplyOutcome.APPLIED, outcomes);
            } else {
                losers.add(row);
            }
        }
        if (losers.isEmpty()) {
            return;
        }
        // The guarded upsert locked the rows it did not write: their versions are settled.
        Map<ByteBuffer, FenceState> stored = versions.states(connection, table, version, losers);
        for (RowGroup row : losers) {
            FenceState state = stored.get(ByteBuffer.wrap(row.keyHash()));
            ApplyOutcome outcome = state == null
                    ? null
                    : VersionFence.judge(state, row.winner().mutation());
            if (outcome == null || outcome == ApplyOutcome.APPLIED) {
                throw new IllegalStateException("The in-table fence neither wrote nor holds a newer version for "
                        + row.winner().mutation().describe() + " (stored: " + state + ")");
            }
            TableApply.record(row, outcome, outcomes);
        }
    }

    /**
     * Whether only the rule in Java may judge {@code row}, alone on it: a delete (its tombstone and the
     * row go together), a repair (which wins at an equal state too), or an upsert that leaves out a NOT
     * NULL column (which cannot be one multi-row upsert).
     */
    private static boolean needsExclusiveLock(RowGroup row, boolean upsertByKey, boolean coversNotNullColumns) {
        return row.winner().mutation().isDelete()
                || TableApply.anyRepair(row.members())
                || !coversNotNullColumns
                || !upsertByKey;
    }

    /**
     * {@code rows} grouped by the columns their winners write, in first-seen order. A table hands out
     * one instance per column, so shapes compare by identity, without hashing a list per row.
     */
    private static List<List<RowGroup>> byColumns(List<RowGroup> rows) {
        List<List<RowGroup>> groups = new ArrayList<>();
        List<RowGroup> last = null;
        for (RowGroup row : rows) {
            List<Column> columns = row.winner().columns();
            if (last == null || !sameColumns(last.get(0).winner().columns(), columns)) {
                last = null;
                for (List<RowGroup> group : groups) {
                    if (sameColumns(group.get(0).winner().columns(), columns)) {
                        last = group;
                        break;
                    }
                }
                if (last == null) {
                    last = new ArrayList<>();
                    groups.add(last);
                }
            }
            last.add(row);
        }
        return groups;
    }

    private static boolean sameColumns(List<Column> a, List<Column> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
