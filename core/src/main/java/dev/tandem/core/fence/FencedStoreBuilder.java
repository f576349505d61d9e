package dev.tandem.core.fence;

import dev.tandem.core.SecondaryStore;
import dev.tandem.core.mapping.SchemaMapping;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Builds the secondary store that writes through the version fence ({@link SecondaryStore#fenced}).
 * Every setting has a default: the fence in {@value SecondaryStore#DEFAULT_FENCE_TABLE}, no statement
 * timeout, no schema mapping, the bulk apply from {@value #DEFAULT_BULK_THRESHOLD} mutations of a table
 * in a batch, every table fenced by the fence table. {@link #build()} checks the settings and names
 * the one that is wrong.
 */
public final class FencedStoreBuilder {

    /**
     * The mutations of one table in a batch from which PostgreSQL loads them by {@code COPY}. Measured
     * with the fence table (DrainBenchmark, COPY over row-wise, best / mean of the same run): 0.83 at
     * batches of 500, 1.03 / 0.87 at 1,000, 0.95 / 1.13 at 2,000; backfill pages of 2,000–20,000 rows
     * 1.19 / 1.13 (BackfillBenchmark). So the retry consumer's default batches (500) and the dual
     * writer's keep the row-wise statements, which take fewer round trips, and backfill pages and large
     * drain batches take COPY.
     */
    public static final int DEFAULT_BULK_THRESHOLD = 2_000;

    private final DataSource dataSource;
    private String fenceTable = SecondaryStore.DEFAULT_FENCE_TABLE;
    private Duration statementTimeout = Duration.ZERO;
    private SchemaMapping mapping = SchemaMapping.NONE;
    private String urlSetting = "the secondary's JDBC URL";
    private int bulkThreshold = DEFAULT_BULK_THRESHOLD;
    private InTableFences inTableFences = InTableFences.NONE;

    /** Use {@link SecondaryStore#fenced}. */
    public FencedStoreBuilder(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The table the fence keeps each row's last applied version in: a plain identifier. */
    public FencedStoreBuilder fenceTable(String fenceTable) {
        this.fenceTable = fenceTable;
        return this;
    }

    /** Bounds every statement (whole seconds, JDBC's granularity); zero for none. */
    public FencedStoreBuilder statementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
        return this;
    }

    /** Mutations name the primary's tables and columns; {@code mapping} turns them into the secondary's. */
    public FencedStoreBuilder mapping(SchemaMapping mapping) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        return this;
    }

    /**
     * Where the secondary's URL is configured (e.g. {@code spring.datasource.url}), named by the error
     * when its MySQL/MariaDB session time zone is not UTC.
     */
    public FencedStoreBuilder urlSetting(String urlSetting) {
        this.urlSetting = Objects.requireNonNull(urlSetting, "urlSetting");
        return this;
    }

    /**
     * From how many mutations of one table in a batch the store loads them by {@code COPY} into a
     * session-local staging table and merges them set-wise (PostgreSQL; other engines always apply
     * row-wise); zero for never. Parts with repairs, or whose upserts write different columns, are
     * applied row-wise whatever their size.
     */
    public FencedStoreBuilder bulkThreshold(int rows) {
        this.bulkThreshold = rows;
        return this;
    }

    /**
     * Fences {@code table} (as the secondary names it, ignoring case) by its own integer column
     * {@code versionColumn} instead of the fence table: an upsert is written where it is newer than
     * the row's version, which it writes there; only a delete leaves a row in the fence table, its
     * tombstone. Every rule of the fence holds. PostgreSQL only. Every store writing the table (the
     * dual writer, the retry consumer, the backfill, the reconciler's repairs) must fence it alike.
     */
    public FencedStoreBuilder inTableFence(String table, String versionColumn) {
        this.inTableFences = inTableFences.with(table, versionColumn);
        return this;
    }

    /**
     * The store.
     *
     * @throws IllegalArgumentException naming the fence table, the statement timeout or the bulk
     *     threshold if it is invalid
     */
    public SecondaryStore build() {
        return new FencedSecondaryStore(
                dataSource, fenceTable, statementTimeout, mapping, urlSetting, bulkThreshold, inTableFences);
    }
}
