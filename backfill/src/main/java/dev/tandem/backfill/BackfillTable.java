package dev.tandem.backfill;

import dev.tandem.core.source.TableSpec;
import java.util.List;

/**
 * One table to backfill.
 *
 * @param spec the table by the primary's names, its key (the primary key when empty) and how its
 *     columns are verified (ignored, tolerances)
 * @param versionColumn the primary's row version column: each copied row carries the version it had
 *     when read, so the fence lets a newer live write win
 * @param dependsOn tables that must be backfilled first (the ones its foreign keys point to)
 */
public record BackfillTable(TableSpec spec, String versionColumn, List<String> dependsOn) {

    public BackfillTable {
        if (spec == null) {
            throw new IllegalArgumentException("A table to backfill needs a spec");
        }
        if (versionColumn == null || versionColumn.isBlank()) {
            throw new IllegalArgumentException("Table '" + spec.table() + "' needs a version column to be backfilled:"
                    + " without one a copied row could overwrite a newer live write");
        }
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    /** The whole table by its primary key, versioned by {@code versionColumn}. */
    public static BackfillTable of(String table, String versionColumn) {
        return new BackfillTable(TableSpec.of(table), versionColumn, List.of());
    }

    public String name() {
        return spec.table();
    }
}
