package dev.tandem.core;

import dev.tandem.core.fence.FencedStoreBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The ways the fenced store applies a batch, each held to the same tests: the store as configured by
 * default (row-wise below {@link FencedStoreBuilder#DEFAULT_BULK_THRESHOLD}), the bulk apply by COPY
 * for every batch (PostgreSQL), and the in-table fence on each table's version column (PostgreSQL).
 */
enum ApplyPath {
    DEFAULTS,
    ROW_WISE,
    COPY,
    IN_TABLE;

    /** The column the in-table fence judges by in the tests' tables. */
    static final String VERSION_COLUMN = "version_seen";

    /** A store on {@code dataSource} taking this path; {@code tables} are the in-table fence's. */
    SecondaryStore store(DataSource dataSource, String... tables) {
        FencedStoreBuilder builder = SecondaryStore.fenced(dataSource);
        switch (this) {
            case DEFAULTS -> {}
            case ROW_WISE -> builder.bulkThreshold(0);
            case COPY -> builder.bulkThreshold(1);
            case IN_TABLE -> {
                for (String table : tables) {
                    builder.inTableFence(table, VERSION_COLUMN);
                }
            }
        }
        return builder.build();
    }

    /** Whether the fence table holds only tombstones on this path. */
    boolean fencesInTable() {
        return this == IN_TABLE;
    }

    /**
     * Every secondary with the default path, and PostgreSQL (which alone has them) with the bulk
     * apply and the in-table fence.
     */
    static Stream<Arguments> secondariesAndPaths() {
        List<Arguments> arguments = new ArrayList<>();
        for (Secondary secondary : Secondary.values()) {
            arguments.add(Arguments.of(secondary, DEFAULTS));
        }
        arguments.add(Arguments.of(Secondary.POSTGRESQL, COPY));
        arguments.add(Arguments.of(Secondary.POSTGRESQL, IN_TABLE));
        return arguments.stream();
    }
}
