package dev.tandem.dualwrite.migration;

import dev.tandem.core.Mutation;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;
import javax.sql.DataSource;

/**
 * One write let through the migration's write gate, routed by the phase at entry: write {@link
 * #primary()} and commit, then pass each committed row to {@link #written}. A cutover waits for open
 * permits before it swaps the roles, so close the permit (try-with-resources) as soon as the write
 * is done.
 *
 * <pre>{@code
 * try (WritePermit write = migration.beginWrite()) {
 *     // one transaction on write.primary(), committed
 *     write.written(mutation);
 * }
 * }</pre>
 */
public final class WritePermit implements AutoCloseable {

    private final Migration migration;
    private final PhaseState state;
    private boolean closed;

    WritePermit(Migration migration, PhaseState state) {
        this.migration = migration;
        this.state = state;
    }

    /** The state the write is routed by. */
    public PhaseState state() {
        return state;
    }

    /** The store to write first. */
    public Store primaryStore() {
        return state.primary();
    }

    /** The data source of the store to write first. */
    public DataSource primary() {
        return migration.stores().dataSource(state.primary());
    }

    /** Hands {@code mutation}, committed on the primary, to the dual writer into the secondary (if the phase dual-writes). */
    public void written(Mutation mutation) {
        migration.written(state, mutation);
    }

    /**
     * Like {@link #written(Mutation)}; runs {@code onDurable} once the mutation is on the secondary or
     * acknowledged by its retry topic, or at once if the phase does not dual-write.
     */
    public void written(Mutation mutation, Runnable onDurable) {
        migration.written(state, mutation, onDurable);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            migration.exitGate();
        }
    }
}
