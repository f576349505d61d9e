package dev.tandem.core.fence;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.ApplyResult;
import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryApplyException;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.jdbc.Column;
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
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The secondary store behind {@link SecondaryStore#fenced} (built by {@link FencedStoreBuilder}). A batch is applied in one READ COMMITTED
 * transaction: first the fence rows of all its mutations are created if missing and locked, in one
 * order every applier shares (table name, then key hash), each row's newest mutation is judged against
 * the fence and the fence advances to the winners; only then are the winners written, table by table
 * in the same order. A target row is written only under its fence row's lock, so appliers wait for
 * each other only on fence rows, all taken in that one order, and cannot deadlock on each other.
 * Each table's part is applied row-wise ({@link RowWiseApply}), by COPY and a set-wise merge ({@link
 * CopyApply}, PostgreSQL, from the bulk threshold on) or under the in-table fence ({@link
 * InTableApply}), whose stripe locks every batch takes before any fence row.
 */
final class FencedSecondaryStore implements SecondaryStore {

    private final DataSource dataSource;
    private final String fenceTableName;
    private final Statements statements;
    private final SchemaMapping mapping;
    private final String urlSetting;
    private final int bulkThreshold;
    private final InTableFences inTableFences;
    private volatile Engine engine;

    /** See {@link FencedStoreBuilder} for the settings. */
    FencedSecondaryStore(
            DataSource dataSource,
            String fenceTable,
            Duration statementTimeout,
            SchemaMapping mapping,
            String urlSetting,
            int bulkThreshold,
            InTableFences inTableFences) {
        if (bulkThreshold < 0) {
            throw new IllegalArgumentException(
                    "Bulk threshold must be zero (never COPY) or a number of rows but was " + bulkThreshold);
        }
        this.bulkThreshold = bulkThreshold;
        this.inTableFences = Objects.requireNonNull(inTableFences, "inTableFences");
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
                engine.forgetStaging(connection);
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
                List<RowGroup> rows = RowGroup.of(table.getValue());
                Map<ByteBuffer, FenceState> fenced = engine.fence.states(connection, table.getKey(), rows);
                Table target = table.getValue().get(0).table();
                Optional<Column> version = inTableFences.versionColumn(target);
                if (version.isPresent()) {
                    // The in-table fence: the newer of the row's version column and its tombstone.
                    Map<ByteBuffer, FenceState> inTable =
                            engine.versions.states(connection, target, version.get(), rows);
                    for (RowGroup row : rows) {
                        ByteBuffer hash = ByteBuffer.wrap(row.keyHash());
                        states.put(hash, InTableVersions.newer(fenced.get(hash), inTable.get(hash)));
                    }
                } else {
                    states.putAll(fenced);
                }
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
        List<ResolvedMutation> resolved = new ArrayList<>(mutations.size());
        for (ResolvedMutation m : engine.resolver.resolveAll(connection, mutations)) {
            resolved.add(inTableFences.withVersion(m));
        }
        Map<String, List<ResolvedMutation>> byTable = new TreeMap<>();
        resolved.forEach(m -> byTable.computeIfAbsent(m.table().name(), t -> new ArrayList<>())
                .add(m));

        // One lock order for every applier: the in-table fence's stripes first, ascending; then all
        // fence rows of the batch, by (table name, key hash); then the target rows in the same order.
        // A target row is only ever written under its fence row's lock (or its stripe's), so no applier
        // waits on a target row another one holds.
        List<TableApply> parts = new ArrayList<>(byTable.size());
        SortedMap<Integer, Boolean> stripes = new TreeMap<>();
        for (List<ResolvedMutation> tableBatch : byTable.values()) {
            TableApply part = engine.part(tableBatch.get(0).table(), tableBatch, bulkThreshold, inTableFences);
            if (part instanceof InTableApply inTable) {
                inTable.addStripes(fenceTableName, stripes);
            }
            parts.add(part);
        }
        StripeLocks.lock(connection, engine.fence.dialect(), fenceTableName, stripes);
        Map<ResolvedMutation, ApplyOutcome> outcomes = new IdentityHashMap<>();
        for (TableApply part : parts) {
            part.lock(connection, outcomes);
        }
        for (TableApply part : parts) {
            part.write(connection, outcomes);
        }
        for (TableApply part : parts) {
            part.finish(connection);
        }
        List<ApplyResult> results = new ArrayList<>(resolved.size());
        resolved.forEach(m -> results.add(new ApplyResult(m.mutation().writeId(), outcomes.get(m))));
        return results;
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
                    if (!inTableFences.isEmpty() && dialect.inTableFenceLocks().isEmpty()) {
                        throw new IllegalStateException("The in-table fence (configured for tables " + inTableFences
                                + ") needs PostgreSQL; this secondary is " + dialect.name());
                    }
                    SchemaCatalog catalog = new SchemaCatalog(dialect);
                    engine = new Engine(
                            catalog,
                            new MutationResolver(catalog, mapping, new FoldedKeys(dialect, statements)),
                            fence,
                            new RowWriter(dialect, statements),
                            new InTableVersions(dialect, statements),
                            dialect.copiesInBulk() ? new StagingTables(dialect) : null,
                            statements);
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

    /**
     * The dialect-bound parts of the store.
     *
     * @param staging the bulk apply's staging tables; null where the engine does not copy in bulk
     */
    private record Engine(
            SchemaCatalog catalog,
            MutationResolver resolver,
            FenceTable fence,
            RowWriter writer,
            InTableVersions versions,
            StagingTables staging,
            Statements statements) {

        /**
         * How one table's part of a batch is applied: under the in-table fence where configured for
         * the table; else by COPY where the engine can, the part has at least {@code bulkThreshold}
         * mutations (zero: never) and {@link CopyApply#canCopy} holds; else row-wise.
         */
        TableApply part(Table table, List<ResolvedMutation> batch, int bulkThreshold, InTableFences inTable) {
            Optional<Column> version = inTable.versionColumn(table);
            if (version.isPresent()) {
                return new InTableApply(
                        fence.dialect(), fence, writer, versions, statements, table, version.get(), batch);
            }
            if (staging != null
                    && bulkThreshold > 0
                    && batch.size() >= bulkThreshold
                    && CopyApply.canCopy(table, batch)) {
                return new CopyApply(fence.dialect(), fence.name(), staging, statements, table, batch);
            }
            return new RowWiseApply(fence, writer, table, batch);
        }

        void forgetStaging(Connection connection) {
            if (staging != null) {
                staging.forget(connection);
            }
        }
    }
}
