package dev.tandem.reconcile.run;

import dev.tandem.core.Mutation;
import java.util.List;
import java.util.Objects;

/**
 * One repair a run planned, as its report lists it.
 *
 * @param table the table
 * @param key the row's key, e.g. {@code id=42}
 * @param action what the repair does to the secondary's row, e.g. {@code upsert from the primary at
 *     version 7 (3 columns)} or {@code delete at version 7}
 */
public record PlannedRepair(String table, String key, String action) {

    /** How many planned repairs a run keeps to list; the report says how many more there were. */
    public static final int LISTED = 100;

    public PlannedRepair {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
    }

    static PlannedRepair of(Mutation repair) {
        String action = repair.isDelete()
                ? "delete (the primary has no such row) at version " + repair.version()
                : "upsert from the primary at version " + repair.version() + " ("
                        + repair.columns().size() + (repair.columns().size() == 1 ? " column)" : " columns)");
        return new PlannedRepair(
                repair.table(),
                Sample.keyText(
                        List.copyOf(repair.key().keySet()),
                        List.copyOf(repair.key().values())),
                action);
    }
}
