package dev.tandem.core;

import dev.tandem.core.fence.FencedStoreBuilder;
import dev.tandem.core.mapping.SchemaMapping;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The secondary database, written only through the version fence: a mutation is applied only if it
 * is newer than what the secondary holds for its row, so duplicates, retries and reordered deliveries
 * can never overwrite newer data, and a deleted row cannot be resurrected by a late upsert.
 *
 * <p>The fence keeps, per row, the last applied version in a table of its own ({@value
 * #DEFAULT_FENCE_TABLE} by default), created on first use, so the migrated tables
 * stay untouched. Tables and columns named by mutations are checked against the secondary's schema:
 * a mutation that does not fit raises {@link InvalidMutationException} and nothing is written.
 */
public interface SecondaryStore {

    /** The fence table's name unless configured otherwise. */
    String DEFAULT_FENCE_TABLE = "tandem_fence";

    /** A store writing to {@code dataSource}, with the fence in the default table and no statement timeout. */
    static SecondaryStore of(DataSource dataSource) {
        return fenced(dataSource).build();
    }

    /**
     * A store writing to {@code dataSource}, with the fence in {@code fenceTable}, every statement
     * bounded by {@code statementTimeout} (whole seconds, JDBC's granularity; zero for none).
     */
    static SecondaryStore of(DataSource dataSource, String fenceTable, Duration statementTimeout) {
        return fenced(dataSource)
                .fenceTable(fenceTable)
                .statementTimeout(statementTimeout)
                .build();
    }

    /**
     * Like {@link #of(DataSource, String, Duration)}, for a secondary whose schema differs from the
     * primary's as {@code mapping} declares: mutations keep the primary's names and values.
     */
    static SecondaryStore of(
            DataSource dataSource, String fenceTable, Duration statementTimeout, SchemaMapping mapping) {
        return fenced(dataSource)
                .fenceTable(fenceTable)
                .statementTimeout(statementTimeout)
                .mapping(mapping)
                .build();
    }

    /** Every setting of the store writing to {@code dataSource}, each with its default. */
    static FencedStoreBuilder fenced(DataSource dataSource) {
        return new FencedStoreBuilder(dataSource);
    }

    /** Applies one mutation in its own transaction. */
    ApplyOutcome apply(Mutation mutation);

    /**
     * Applies {@code mutations} in one transaction, with one multi-row statement per table and kind of
     * write where the engine allows; returns one result per mutation, in the same order. All or
     * nothing: on an exception, nothing of the batch was written.
     *
     * @throws InvalidMutationException if a mutation does not fit the schema
     * @throws SecondaryApplyException if the database failed
     */
    List<ApplyResult> applyAll(List<Mutation> mutations);

    /**
     * The version the fence last applied to the row of each mutation (-1 where it never saw the row),
     * in the order given: the version a repair of a table without a version column is applied at.
     *
     * @throws SecondaryApplyException if the database failed
     */
    List<Long> lastAppliedVersions(List<Mutation> mutations);
}
