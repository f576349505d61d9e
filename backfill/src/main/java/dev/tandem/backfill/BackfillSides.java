package dev.tandem.backfill;

import dev.tandem.core.SecondaryStore;
import dev.tandem.core.mapping.SchemaMapping;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What a backfill copies between and where it keeps its progress: the primary it reads, the
 * secondary it verifies against, the fenced store it applies through (with the same schema mapping),
 * the checkpoints, and how the secondary's tables and columns differ from the primary's.
 */
public record BackfillSides(
        DataSource primary,
        DataSource secondary,
        SecondaryStore store,
        Checkpoints checkpoints,
        SchemaMapping mapping) {

    public BackfillSides {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(mapping, "mapping");
    }
}
