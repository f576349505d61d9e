package dev.tandem.core.fence;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the fence applies batches, under {@code tandem.fence}: declared once and bound by every part
 * that writes the secondary, since all of them must fence a table alike. Lists, not maps, so that
 * table and column names keep their underscores and case.
 *
 * <pre>
 * tandem.fence.bulk-threshold=2000
 * tandem.fence.in-table[0].table=orders
 * tandem.fence.in-table[0].version-column=version
 * </pre>
 *
 * @param bulkThreshold from how many mutations of one table in a batch PostgreSQL loads them by COPY
 *     (zero: never); {@value FencedStoreBuilder#DEFAULT_BULK_THRESHOLD} when unset
 * @param inTable the tables fenced by a version column of their own instead of the fence table
 */
@ConfigurationProperties("tandem.fence")
public record FenceProperties(Integer bulkThreshold, List<InTable> inTable) {

    public FenceProperties {
        inTable = inTable == null ? List.of() : List.copyOf(inTable);
    }

    /**
     * One table with the in-table fence.
     *
     * @param table its name in the secondary
     * @param versionColumn its integer column holding the row's version
     */
    public record InTable(String table, String versionColumn) {}

    /**
     * {@code builder} with these settings.
     *
     * @throws IllegalArgumentException naming the {@code tandem.fence} key that is wrong
     */
    public FencedStoreBuilder applyTo(FencedStoreBuilder builder) {
        if (bulkThreshold != null) {
            if (bulkThreshold < 0) {
                throw new IllegalArgumentException(
                        "tandem.fence.bulk-threshold must be zero (never COPY) or a number of rows but was "
                                + bulkThreshold);
            }
            builder.bulkThreshold(bulkThreshold);
        }
        for (int i = 0; i < inTable.size(); i++) {
            InTable table = inTable.get(i);
            try {
                builder.inTableFence(table.table(), table.versionColumn());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tandem.fence.in-table[" + i + "]: " + e.getMessage(), e);
            }
        }
        return builder;
    }
}
