package dev.tandem.dualwrite.migration;

import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;

/**
 * A write refused because this instance can write only one store (see {@link
 * MigrationConfig#writesOnly()}) and the phase made the other one the primary: writing on would
 * write the old primary. Nothing was written.
 */
public class MigrationWriteRefusedException extends IllegalStateException {

    private final transient PhaseState state;
    private final Store writesOnly;

    MigrationWriteRefusedException(PhaseState state, Store writesOnly) {
        super("Migration '" + state.migration() + "' is " + state.describe() + ": this instance writes only the "
                + writesOnly + " (its JPA EntityManager is bound to it at start-up), which is not the primary;"
                + " write refused, nothing written. Redeploy it with its DataSource on the " + state.primary()
                + " and tandem.dualwrite.migration.store=" + state.primary()
                + " (tandem.dualwrite.secondary on the " + writesOnly + ")");
        this.state = state;
        this.writesOnly = writesOnly;
    }

    /** The phase state the write was refused in. */
    public PhaseState state() {
        return state;
    }

    /** The store the instance can write. */
    public Store writesOnly() {
        return writesOnly;
    }
}
