package dev.tandem.reconcile.run;

import java.util.Objects;

/**
 * The two stores a run compared, as its report names them: engine, host and database, never a user
 * or a password, e.g. {@code PostgreSQL 15.4 at db2.internal:5432, database shop}.
 *
 * @param primary the store compared as the primary (repairs are copied from it)
 * @param secondary the store compared as the secondary (repairs are written to it)
 */
public record StoreNames(String primary, String secondary) {

    public StoreNames {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
    }
}
