package dev.tandem.reconcile.store;

import dev.tandem.core.schema.OwnTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The run store's tables ({@code tandem_reconcile_*}), created and brought up to date by the versioned
 * migrations in {@code db/tandem/run-store/<engine>/}, their history in {@value #HISTORY_TABLE}.
 */
final class RunStoreSchema {

    /** The run store's history table. */
    static final String HISTORY_TABLE = "tandem_reconcile_schema_history";

    static final OwnTables MIGRATIONS = OwnTables.of("run-store", HISTORY_TABLE, Map.of());

    private RunStoreSchema() {}

    static void create(Connection connection) throws SQLException {
        MIGRATIONS.migrate(connection);
    }
}
