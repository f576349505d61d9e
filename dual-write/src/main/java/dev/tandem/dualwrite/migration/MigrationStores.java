package dev.tandem.dualwrite.migration;

import dev.tandem.core.control.Store;
import dev.tandem.dualwrite.DualWriter;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The two stores of a migration and a dual writer into each: the phase decides which store is the
 * primary and so which writer is used. Each writer's secondary store (fenced) is the store it is named
 * after; give each its own retry topic, drained by a retry consumer into that store.
 *
 * @param origin the store migrated away from
 * @param target the store migrated to
 * @param intoTarget dual-writes into the target while the origin is primary
 * @param intoOrigin dual-writes into the origin once the roles are reversed
 */
public record MigrationStores(DataSource origin, DataSource target, DualWriter intoTarget, DualWriter intoOrigin) {

    public MigrationStores {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(intoTarget, "intoTarget");
        Objects.requireNonNull(intoOrigin, "intoOrigin");
    }

    public DataSource dataSource(Store store) {
        return store == Store.ORIGIN ? origin : target;
    }

    /** The writer into {@code secondary}. */
    public DualWriter writerInto(Store secondary) {
        return secondary == Store.ORIGIN ? intoOrigin : intoTarget;
    }
}
