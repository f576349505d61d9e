package dev.tandem.core.fence;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.Sql;
import dev.tandem.core.jdbc.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table's part of a batch applied set-wise on PostgreSQL, against the fence table: every member is
 * copied ({@code COPY … FROM STDIN}, text format) into a session-local staging table, then a few
 * statements decide and write. One advances the fence to each row's newest member (newest version,
 * at an equal version the delete; {@code DISTINCT ON} the key hash), inserting and locking the fence
 * rows in key-hash order as the row-wise path does, and marks the winners it wrote; one returns
 * every member's outcome (APPLIED, DUPLICATE or STALE, by the same rule as {@link TableApply#record});
 * then one deletes and one upserts the winners. Only for parts without repairs, whose upserts all
 * write the same columns, covering every NOT NULL one, with values the text format renders exactly
 * ({@link #canCopy}); the others are applied row-wise.
 */
final class CopyApply implements TableApply {

    private static final ApplyOutcome[] OUTCOMES = {ApplyOutcome.APPLIED, ApplyOutcome.DUPLICATE, ApplyOutcome.STALE};

    private final Dialect dialect;
    private final String fenceTable;
    private final StagingTables staging;
    private final Statements statements;
    private final Table table;
    private final List<ResolvedMutation> batch;
    private final List<Column> valueColumns;
    private String stage;
    private int appliedDeletes;
    private int appliedUpserts;

    CopyApply(
            Dialect dialect,
            String fenceTable,
            StagingTables staging,
            Statements statements,
            Table table,
            List<ResolvedMutation> batch) {
        this.dialect = dialect;
        this.fenceTable = fenceTable;
        this.staging = staging;
        this.statements = statements;
        this.table = table;
        this.batch = batch;
        this.valueColumns = upsertColumns(batch);
    }

    /**
     * Whether {@code batch} (one table's part) can be applied by COPY: no repairs (which the rule in
     * Java judges), every upsert writing the same columns and all of the table's NOT NULL ones (a
     * multi-row upsert checks them on its insert half), keys compared exactly, every value rendered
     * exactly by {@link CopyText}.
     */
    static boolean canCopy(Table table, List<ResolvedMutation> batch) {
        if (!table.foldingKeys().isEmpty() || TableApply.anyRepair(batch)) {
            return false;
        }
        List<Column> columns = null;
        for (ResolvedMutation m : batch) {
            for (int k = 0; k < table.primaryKey().size(); k++) {
                if (!CopyText.canRender(table.primaryKey().get(k), m.keyValues().get(k))) {
                    return false;
                }
            }
            if (m.mutation().isDelete()) {
                continue;
            }
            if (columns == null) {
                columns = m.columns();
            } else if (!columns.equals(m.columns())) {
                return false;
            }
            for (int c = 0; c < m.columns().size(); c++) {
                if (!CopyText.canRender(m.columns().get(c), m.values().get(c))) {
                    return false;
                }
            }
        }
        return columns == null || RowWriter.coversNotNullColumns(table, columns);
    }

    @Override
    public void lock(Connection connection, Map<ResolvedMutation, ApplyOutcome> outcomes) throws SQLException {
        List<Column> stageColumns = new ArrayList<>(table.primaryKey());
        stageColumns.addAll(valueColumns);
        stage = staging.ensure(connection, table, stageColumns);
        copyMembers(connection, stageColumns);
        advanceFence(connection);
        readOutcomes(connection, outcomes);
    }

    @Override
    public void write(Connection connection, Map<ResolvedMutation, ApplyOutcome> outcomes) throws SQLException {
        if (appliedDeletes > 0) {
            StringBuilder join = new StringBuilder();
            for (Column key : table.primaryKey()) {
                join.append(" AND t.")
                        .append(dialect.quote(key.name()))
                        .append(" = s.")
                        .append(dialect.quote(key.name()));
            }
            execute(
                    connection,
                    "DELETE FROM " + dialect.quote(table.name()) + " t USING " + stage
                            + " s WHERE s.tandem_applied AND s.tandem_deleted" + join);
        }
        if (appliedUpserts > 0) {
            List<Column> columns = new ArrayList<>(table.primaryKey());
            columns.addAll(valueColumns);
            String names = Sql.columnList(dialect, columns);
            String action = valueColumns.isEmpty()
                    ? "DO NOTHING"
                    : "DO UPDATE SET "
                            + String.join(
                                    ", ",
                                    valueColumns.stream()
                                            .map(c ->
                                                    dialect.quote(c.name()) + " = EXCLUDED." + dialect.quote(c.name()))
                                            .toList());
            execute(
                    connection,
                    "INSERT INTO " + dialect.quote(table.name()) + " (" + names + ") SELECT " + names
                            + " FROM " + stage + " WHERE tandem_applied AND NOT tandem_deleted ORDER BY tandem_hash"
                            + " ON CONFLICT (" + Sql.columnList(dialect, table.primaryKey()) + ") " + action);
        }
    }

    private void copyMembers(Connection connection, List<Column> stageColumns) throws SQLException {
        CopyText rows = new CopyText();
        for (int ord = 0; ord < batch.size(); ord++) {
            ResolvedMutation m = batch.get(ord);
            rows.number(ord)
                    .bytes(m.keyHash())
                    .text(m.rowKey())
                    .number(m.mutation().version())
                    .flag(m.mutation().isDelete())
                    .text(m.mutation().writeId().toString());
            for (int k = 0; k < table.primaryKey().size(); k++) {
                rows.value(table.primaryKey().get(k), m.keyValues().get(k));
            }
            // Every upsert writes valueColumns, in that order (canCopy); a delete writes none.
            for (int c = 0; c < valueColumns.size(); c++) {
                rows.value(
                        valueColumns.get(c),
                        m.mutation().isDelete() ? null : m.values().get(c));
            }
            rows.endRow();
        }
        List<String> names = new ArrayList<>(StagingTables.FENCE_COLUMNS);
        stageColumns.forEach(c -> names.add(dialect.quote(c.name())));
        PostgresCopy.copyIn(
                connection, "COPY " + stage + " (" + String.join(", ", names) + ") FROM STDIN", rows.toBytes());
    }

    /**
     * Advances the fence to each row's newest member where it is newer than the stored state, taking
     * the fence rows' locks in key-hash order, and marks the winners (and which of them it wrote).
     */
    private void advanceFence(Connection connection) throws SQLException {
        String fence = dialect.quote(fenceTable);
        String sql = "WITH w AS (SELECT DISTINCT ON (tandem_hash) tandem_ord, tandem_hash, tandem_row_key,"
                + " tandem_version, tandem_deleted, tandem_write_id FROM " + stage
                + " ORDER BY tandem_hash, tandem_version DESC, tandem_deleted DESC, tandem_ord),"
                + " adv AS (INSERT INTO " + fence
                + " AS f (table_name, key_hash, row_key, version, deleted, write_id, applied_at)"
                + " SELECT ?, tandem_hash, tandem_row_key, tandem_version, tandem_deleted, tandem_write_id, "
                + dialect.nowUtc() + " FROM w ORDER BY tandem_hash"
                + " ON CONFLICT (table_name, key_hash) DO UPDATE SET version = EXCLUDED.version,"
                + " deleted = EXCLUDED.deleted, write_id = EXCLUDED.write_id, applied_at = EXCLUDED.applied_at"
                + " WHERE (EXCLUDED.version, EXCLUDED.deleted) > (f.version, f.deleted) RETURNING f.key_hash)"
                + " UPDATE " + stage + " s SET tandem_winner = TRUE, tandem_applied = adv.key_hash IS NOT NULL"
                + " FROM w LEFT JOIN adv ON adv.key_hash = w.tandem_hash WHERE s.tandem_ord = w.tandem_ord";
        try (PreparedStatement advance = statements.prepare(connection, sql)) {
            advance.setString(1, table.name());
            advance.executeUpdate();
        }
    }

    /**
     * Every member's outcome: a winner the fence advanced to is APPLIED; one whose state the fence
     * already holds is a DUPLICATE, one older STALE; another member is a DUPLICATE where it has its
     * winner's state and the fence holds that state, else STALE. The fence is looked up per member
     * by its key (a correlated sub-select, which PostgreSQL never turns into a join), and only for
     * members the fence did not advance to: a join let the planner scan the whole fence table for
     * every batch while its statistics lagged behind its growth (3,200 rows/s instead of 28,000).
     */
    private void readOutcomes(Connection connection, Map<ResolvedMutation, ApplyOutcome> outcomes) throws SQLException {
        String sql = "SELECT s.tandem_ord, CASE WHEN s.tandem_winner AND s.tandem_applied THEN 0"
                + " WHEN s.tandem_version = w.tandem_version AND s.tandem_deleted = w.tandem_deleted"
                + " AND EXISTS (SELECT 1 FROM " + dialect.quote(fenceTable) + " f WHERE f.table_name = ?"
                + " AND f.key_hash = s.tandem_hash AND f.version = s.tandem_version"
                + " AND f.deleted = s.tandem_deleted) THEN 1 ELSE 2 END"
                + " FROM " + stage + " s JOIN " + stage + " w ON w.tandem_hash = s.tandem_hash AND w.tandem_winner";
        int read = 0;
        try (PreparedStatement select = statements.prepare(connection, sql)) {
            select.setString(1, table.name());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ResolvedMutation member = batch.get(rs.getInt(1));
                    ApplyOutcome outcome = OUTCOMES[rs.getInt(2)];
                    outcomes.put(member, outcome);
                    if (outcome == ApplyOutcome.APPLIED) {
                        if (member.mutation().isDelete()) {
                            appliedDeletes++;
                        } else {
                            appliedUpserts++;
                        }
                    }
                    read++;
                }
            }
        }
        if (read != batch.size()) {
            throw new IllegalStateException("The bulk apply of table " + table.name() + " judged " + read + " of "
                    + batch.size() + " staged mutations");
        }
    }

    private void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = statements.prepare(connection, sql)) {
            statement.executeUpdate();
        }
    }

    /** The columns the upserts of {@code batch} write (all the same, see {@link #canCopy}); none for deletes only. */
    private static List<Column> upsertColumns(List<ResolvedMutation> batch) {
        for (ResolvedMutation m : batch) {
            if (!m.mutation().isDelete()) {
                return m.columns();
            }
        }
        return List.of();
    }
}
