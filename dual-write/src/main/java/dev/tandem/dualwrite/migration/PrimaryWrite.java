package dev.tandem.dualwrite.migration;

import dev.tandem.core.Mutation;
import dev.tandem.core.control.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A write to the primary in one transaction, returning the mutations it committed. */
@FunctionalInterface
public interface PrimaryWrite {

    /**
     * Writes through {@code connection} (auto-commit off; committed after this returns).
     *
     * @param primary which store {@code connection} belongs to, for engine-specific SQL
     */
    List<Mutation> write(Connection connection, Store primary) throws SQLException;
}
