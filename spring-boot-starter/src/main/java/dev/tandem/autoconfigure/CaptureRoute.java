package dev.tandem.autoconfigure;

import dev.tandem.core.Mutation;
import dev.tandem.dualwrite.DualWriter;
import org.hibernate.event.spi.EventSource;
import org.springframework.lang.Nullable;

/**
 * Where captured entity writes go: straight to the dual writer, or through a migration's write gate
 * ({@link MigrationRoute}), which decides by the phase whether they are dual-written.
 */
interface CaptureRoute {

    /** Whether the writes of {@code session}'s current transaction are dual-written (and so recorded in the outbox). */
    boolean dualWrites(EventSource session);

    /** {@code mutation} of {@code session}'s transaction committed on the primary. */
    void committed(EventSource session, Mutation mutation, @Nullable Runnable onDurable);

    /** Every write to the dual writer: no migration. */
    static CaptureRoute direct(DualWriter writer) {
        return new CaptureRoute() {
            @Override
            public boolean dualWrites(EventSource session) {
                return true;
            }

            @Override
            public void committed(EventSource session, Mutation mutation, @Nullable Runnable onDurable) {
                if (onDurable == null) {
                    writer.write(mutation);
                } else {
                    writer.write(mutation, onDurable);
                }
            }
        };
    }
}
