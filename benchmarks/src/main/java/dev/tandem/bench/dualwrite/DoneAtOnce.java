package dev.tandem.bench.dualwrite;

import dev.tandem.core.Mutation;
import dev.tandem.dualwrite.DualWriter;

/** A writer that writes nothing and declares every write durable at once: the outbox's cost alone. */
final class DoneAtOnce implements DualWriter {

    @Override
    public void write(Mutation mutation) {}

    @Override
    public void write(Mutation mutation, Runnable onDurable) {
        onDurable.run();
    }

    @Override
    public boolean isCircuitOpen() {
        return false;
    }

    @Override
    public void close() {}
}
