package dev.tandem.core.fence;

import dev.tandem.core.SecondaryStore;
import dev.tandem.core.mapping.SchemaMapping;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Builds the secondary store that writes through the version fence ({@link SecondaryStore#fenced}).
 * Every setting has a default: the fence in {@value SecondaryStore#DEFAULT_FENCE_TABLE}, no statement
 * timeout, no schema mapping. {@link #build()} checks the settings and names the one that is wrong.
 */
public final class FencedStoreBuilder {

    private final DataSource dataSource;
    private String fenceTable = SecondaryStore.DEFAULT_FENCE_TABLE;
    private Duration statementTimeout = Duration.ZERO;
    private SchemaMapping mapping = SchemaMapping.NONE;
    private String urlSetting = "the secondary's JDBC URL";

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
     * The store.
     *
     * @throws IllegalArgumentException naming the fence table or the statement timeout if it is invalid
     */
    public SecondaryStore build() {
        return new FencedSecondaryStore(dataSource, fenceTable, statementTimeout, mapping, urlSetting);
    }
}
