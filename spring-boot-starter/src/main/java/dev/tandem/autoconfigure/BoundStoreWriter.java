package dev.tandem.autoconfigure;

import dev.tandem.core.Mutation;
import dev.tandem.core.control.Store;
import dev.tandem.dualwrite.DualWriter;

/**
 * The dual writer of the direction a JPA instance never writes: into its own database, which it
 * writes first or not at all (the migration refuses its writes while the other store is primary).
 * Reaching it is a bug, so it fails loudly instead of dropping the write.
 */
final class BoundStoreWriter implements DualWriter {

    private final Store bound;

    BoundStoreWriter(Store bound) {
        this.bound = bound;
    }

    @Override
    public void write(Mutation mutation) {
        throw new IllegalStateException("This instance's JPA writes are bound to the " + bound
                + "; it never dual-writes into it, yet " + mutation.describe() + " was routed there");
    }

    @Override
    public void write(Mutation mutation, Runnable onDurable) {
        write(mutation);
    }

    @Override
    public boolean isCircuitOpen() {
        return false;
    }

    @Override
    public void close() {}
}
