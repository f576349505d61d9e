package dev.tandem.core.fence;

import dev.tandem.core.schema.OwnTables;
import java.util.Map;

/**
 * The fence table's versioned migrations, {@code db/tandem/fence/<engine>/}, with the table's name as
 * the placeholder {@code ${fence_table}} and their history in {@code <fence table>_schema_history}, so
 * that each fence table of a database (one per configured name) has its own.
 */
public final class FenceMigrations {

    private FenceMigrations() {}

    /** The migrations of the fence table {@code fenceTable}, a plain identifier. */
    public static OwnTables of(String fenceTable) {
        return OwnTables.of("fence", fenceTable + "_schema_history", Map.of("fence_table", fenceTable));
    }
}
