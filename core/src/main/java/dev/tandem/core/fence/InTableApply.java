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
import java.util.LinkedHashMap;
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
        for (RowGroup row : rows) {
            (needsExclusiveLock(row) ? judgedInJava : guarded).add(row);
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
        Map<List<Column>, List<RowGroup>> byColumns = new LinkedHashMap<>();
        guarded.forEach(row -> byColumns
                .computeIfAbsent(row.winner().columns(), c -> new ArrayList<>())
                .add(row));
        for (Map.Entry<List<Column>, List<RowGroup>> group : byColumns.entrySet()) {
            List<Column> columns = new ArrayList<>(table.primaryKey());
            columns.addAll(group.getKey());
            for (List<RowGroup> chunk : Chunks.of(group.getValue(), columns.size())) {
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
        Set<RowKey> written = new HashSet<>();
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
                    written.add(RowWriter.keyOf(table, key));
                }
            }
        }
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
    private boolean needsExclusiveLock(RowGroup row) {
        ResolvedMutation winner = row.winner();
        return winner.mutation().isDelete()
                || TableApply.anyRepair(row.members())
                || !RowWriter.coversNotNullColumns(table, winner.columns())
                || !dialect.upsertMatchesOnlyThePrimaryKey(table);
    }
}
