package dev.tandem.core.fence;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.ApplyResult;
import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryApplyException;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.SchemaCatalog;
import dev.tandem.core.jdbc.SessionTimeZone;
import dev.tandem.core.jdbc.Sql;
import dev.tandem.core.jdbc.Table;
import dev.tandem.core.mapping.SchemaMapping;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The secondary store behind {@link SecondaryStore#fenced} (built by {@link FencedStoreBuilder}). A batch is applied in one READ COMMITTED
 * transaction: first the fence rows of all its mutations are created if missing and locked, in one
 * order every applier shares (table name, then key hash), each row's newest mutation is judged against
 * the fence and the fence advances to the winners; only then are the winners written, table by table
 * in the same order. A target row is written only under its fence row's lock, so appliers wait for
 * each other only on fence rows, all taken in that one order, and cannot deadlock on each other.
 */
final class FencedSecondaryStore implements SecondaryStore {

    private final DataSource dataSource;
    private final String fenceTableName;
    private final Statements statements;
    private final SchemaMapping mapping;
    private final String urlSetting;
    private volatile Engine engine;

    /** See {@link FencedStoreBuilder} for the settings. */
    FencedSecondaryStore(
            DataSource dataSource,
            String fenceTable,
            Duration statementTimeout,
            SchemaMapping mapping,
            String urlSetting) {
        this.urlSetting = Objects.requireNonNull(urlSetting, "urlSetting");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        if (statementTimeout == null || statementTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "Statement timeout must be zero (none) or positive but was " + statementTimeout);
        }
        this.statements = new Statements(statementTimeout);
        this.fenceTableName = Sql.requirePlainIdentifier("Fence table name", fenceTable);
    }

    @Override
    public ApplyOutcome apply(Mutation mutation) {
        return applyAll(List.of(mutation)).get(0).outcome();
    }

    @Override
    public List<ApplyResult> applyAll(List<Mutation> mutations) {
        if (mutations.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            Engine engine = engine(connection);
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                beginApplyTransaction(connection, engine);
                List<ApplyResult> results = applyInTransaction(connection, engine, mutations);
                connection.commit();
                return results;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                forgetSchemaIfUndefined(engine, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new SecondaryApplyException(
                    "Applying " + mutations.size() + " mutation(s) of tables "
                            + mutations.stream()
                                    .map(Mutation::table)
                                    .distinct()
                                    .sorted()
                                    .toList() + " to the secondary failed",
                    e);
        }
    }

    @Override
    public List<Long> lastAppliedVersions(List<Mutation> mutations) {
        try (Connection connection = dataSource.getConnection()) {
            Engine engine = engine(connection);
            Map<String, List<ResolvedMutation>> byTable = new TreeMap<>();
            List<ResolvedMutation> resolved = engine.resolver.resolveAll(connection, mutations);
            for (ResolvedMutation m : resolved) {
                byTable.computeIfAbsent(m.table().name(), t -> new ArrayList<>())
                        .add(m);
            }
            Map<ByteBuffer, FenceState> states = new HashMap<>();
            for (Map.Entry<String, List<ResolvedMutation>> table : byTable.entrySet()) {
                states.putAll(engine.fence.states(connection, table.getKey(), RowGroup.of(table.getValue())));
            }
            return resolved.stream()
                    .map(m -> states.getOrDefault(ByteBuffer.wrap(m.keyHash()), FenceState.NEVER_APPLIED)
                            .version())
                    .toList();
        } catch (SQLException e) {
            throw new SecondaryApplyException("Reading the fence of " + mutations.size() + " row(s) failed", e);
        }
    }

    private List<ApplyResult> applyInTransaction(Connection connection, Engine engine, List<Mutation> mutations)
            throws SQLException {
        List<ResolvedMutation> resolved = engine.resolver.resolveAll(connection, mutations);
        Map<String, List<ResolvedMutation>> byTable = new TreeMap<>();
        resolved.forEach(m -> byTable.computeIfAbsent(m.table().name(), t -> new ArrayList<>())
                .add(m));

        // One lock order for every applier: all fence rows of the batch first, by (table name, key
        // hash), then the target rows in the same order. A target row is only ever written under its
        // fence row's lock, so no applier waits on a target row another one holds.
        Map<ResolvedMutation, ApplyOutcome> outcomes = new IdentityHashMap<>();
        List<TableWrite> writes = new ArrayList<>(byTable.size());
        for (List<ResolvedMutation> tableBatch : byTable.values()) {
            writes.add(lockAndJudge(connection, engine, tableBatch.get(0).table(), tableBatch, outcomes));
        }
        for (TableWrite write : writes) {
            engine.writer.write(
                    connection,
                    write.table(),
                    write.applied().stream().map(RowGroup::winner).toList());
        }
        for (TableWrite write : writes) {
            if (!write.fenceAdvanced()) {
                engine.fence.advance(connection, write.table().name(), write.applied());
            }
        }
        List<ApplyResult> results = new ArrayList<>(resolved.size());
        resolved.forEach(m -> results.add(new ApplyResult(m.mutation().writeId(), outcomes.get(m))));
        return results;
    }

    /**
     * Locks the fence rows of one table's part of the batch and judges each row's winner against
     * them; returns the rows to write, and whether the fence already advanced to them.
     */
    private TableWrite lockAndJudge(
            Connection connection,
            Engine engine,
            Table table,
            List<ResolvedMutation> batch,
            Map<ResolvedMutation, ApplyOutcome> outcomes)
            throws SQLException {
        List<RowGroup> rows = RowGroup.of(batch);
        // The one-statement fence knows only "newer"; repairs (rare) take the lock-and-judge path.
        Optional<Set<ByteBuffer>> advanced =
                rows.stream().anyMatch(row -> row.winner().mutation().repair())
                        ? Optional.empty()
                        : engine.fence.advanceNewer(connection, table.name(), rows);
        if (advanced.isPresent()) {
            // The fence is already written for the winners, and every row is locked.
            List<RowGroup> applied = new ArrayList<>(rows.size());
            List<RowGroup> losers = new ArrayList<>();
            for (RowGroup row : rows) {
                (advanced.get().contains(ByteBuffer.wrap(row.keyHash())) ? applied : losers).add(row);
            }
            Map<ByteBuffer, FenceState> stored =
                    losers.isEmpty() ? Map.of() : engine.fence.states(connection, table.name(), losers);
            applied.forEach(row -> record(row, ApplyOutcome.APPLIED, outcomes));
            losers.forEach(row -> record(row, loserOutcome(stored.get(ByteBuffer.wrap(row.keyHash())), row), outcomes));
            return new TableWrite(table, applied, true);
        }
        Map<ByteBuffer, FenceState> stored = engine.fence.lock(connection, table.name(), rows);
        List<RowGroup> applied = new ArrayList<>();
        for (RowGroup row : rows) {
            FenceState state = stored.getOrDefault(ByteBuffer.wrap(row.keyHash()), FenceState.NEVER_APPLIED);
            ApplyOutcome winnerOutcome = VersionFence.judge(state, row.winner().mutation());
            if (winnerOutcome == ApplyOutcome.APPLIED) {
                applied.add(row);
            }
            record(row, winnerOutcome, outcomes);
        }
        return new TableWrite(table, applied, false);
    }

    /**
     * Runs the engine's start of an apply transaction (on MySQL/MariaDB: READ COMMITTED, so that locks
     * cover rows, not gaps) before any other statement of it.
     */
    private static void beginApplyTransaction(Connection connection, Engine engine) throws SQLException {
        Optional<String> begin = engine.fence.dialect().beginApplyTransaction();
        if (begin.isPresent()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(begin.get());
            }
        }
    }

    /** A row the fence did not advance must hold a state at least as new as its winner's. */
    private static ApplyOutcome loserOutcome(FenceState stored, RowGroup row) {
        ApplyOutcome outcome =
                stored == null ? null : VersionFence.judge(stored, row.winner().mutation());
        if (outcome == null || outcome == ApplyOutcome.APPLIED) {
            throw new IllegalStateException("The fence neither advanced nor holds a newer state for "
                    + row.winner().mutation().describe() + " (stored: " + stored + ")");
        }
        return outcome;
    }

    /** The outcome of each member of {@code row}, given its winner's. */
    private static void record(RowGroup row, ApplyOutcome winnerOutcome, Map<ResolvedMutation, ApplyOutcome> outcomes) {
        for (ResolvedMutation member : row.members()) {
            // Within a batch, a row's older mutations lose to its newest, which alone is written.
            outcomes.put(
                    member,
                    member == row.winner()
                            ? winnerOutcome
                            : member.state().compareTo(row.winner().state()) == 0 && winnerOutcome != ApplyOutcome.STALE
                                    ? ApplyOutcome.DUPLICATE
                                    : ApplyOutcome.STALE);
        }
    }

    /**
     * The dialect-bound parts, made on first use (the engine is known only once connected). The
     * session time zone is checked here, not at construction, because the secondary may be down when
     * the application starts; until it is UTC every apply fails with {@link
     * dev.tandem.core.jdbc.SessionTimeZoneException} (transient to the breaker and the retry
     * consumer: the writes wait for the URL to be fixed, none is dead-lettered).
     */
    private Engine engine(Connection connection) throws SQLException {
        Engine current = engine;
        if (current == null) {
            synchronized (this) {
                if (engine == null) {
                    SessionTimeZone.requireUtc(connection, urlSetting);
                    Dialect dialect = Dialect.of(connection);
                    FenceTable fence = new FenceTable(dialect, fenceTableName, statements);
                    fence.create(connection);
                    SchemaCatalog catalog = new SchemaCatalog(dialect);
                    engine = new Engine(
                            catalog,
                            new MutationResolver(catalog, mapping, new FoldedKeys(dialect, statements)),
                            fence,
                            new RowWriter(dialect, statements));
                }
                current = engine;
            }
        }
        return current;
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * After an "undefined object" error (SQLState class 42: a column or table dropped or renamed),
     * the cached schema may be what is wrong; the next apply reads it again.
     */
    private static void forgetSchemaIfUndefined(Engine engine, Exception failure) {
        if (failure instanceof SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith("42")) {
            engine.catalog().clear();
        }
    }

    /** The rows of one table to write, in key-hash order, and whether the fence already advanced to them. */
    private record TableWrite(Table table, List<RowGroup> applied, boolean fenceAdvanced) {}

    private record Engine(SchemaCatalog catalog, MutationResolver resolver, FenceTable fence, RowWriter writer) {}
}
