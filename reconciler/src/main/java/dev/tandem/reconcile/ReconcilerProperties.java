package dev.tandem.reconcile;

import dev.tandem.core.config.Redaction;
import dev.tandem.core.pace.Busy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the reconciler, under {@code tandem.reconciler}. Kafka (repairs, pending keys)
 * uses the usual {@code spring.kafka.*} keys and the report's SMTP server {@code spring.mail.*}.
 *
 * @param primary the store that holds the truth
 * @param secondary the store being checked
 * @param store where runs are kept; the secondary when no URL is set
 * @param tables what to compare, in order
 * @param settle how long after a difference is found it is looked at again
 * @param maxDifferences differences kept and re-checked per table; beyond, they are only counted
 * @param samplesPerTable differences of each table kept with the run and shown in reports
 * @param retryTopic the retry topic: repairs are published there, and its pending keys are in flight
 * @param retryConsumerGroup the retry consumer's group, whose committed offsets tell what is pending
 * @param pendingScanLimit records of the retry topic read at most when looking for pending keys
 * @param fenceTable the secondary's fence table (repairs of tables without a version column read it)
 * @param repairVerifyTimeout how long an executed repair waits for the retry consumer before re-verifying
 * @param incrementalOverlap how far before the last run's start an incremental run looks back (late
 *     commits, clock skew)
 * @param fullRunEvery how often a table with an updated-at column is still compared in full
 * @param maxRowsPerSecond the most rows of the primary per second a run compares, all workers of a
 *     distributed run together; 0 for no limit
 * @param busy when the primary counts as busy, and how long the comparison pauses then
 * @param schedule the daily run
 * @param report who gets the daily report
 * @param abandonedAfter how long a run's process may go without refreshing the run's heartbeat (every
 *     quarter of it) before another process counts it as dead: the run is marked ABANDONED, or a
 *     distributed run continued by its coordinator started again; more than the hosts' clocks differ
 */
@ConfigurationProperties("tandem.reconciler")
@Validated
public record ReconcilerProperties(
        @Valid Database primary,
        @Valid Database secondary,
        @Valid Database store,
        @Valid List<Table> tables,
        @DefaultValue("5s") Duration settle,
        @DefaultValue("1000") @Min(1) int maxDifferences,
        @DefaultValue("20") @Min(0) int samplesPerTable,
        @DefaultValue("tandem.retry") @NotBlank String retryTopic,
        @DefaultValue("tandem-retry-consumer") @NotBlank String retryConsumerGroup,
        @DefaultValue("1000000") @Min(0) int pendingScanLimit,
        @DefaultValue("tandem_fence") @NotBlank String fenceTable,
        @DefaultValue("60s") Duration repairVerifyTimeout,
        @DefaultValue("10m") Duration incrementalOverlap,
        @DefaultValue("7d") Duration fullRunEvery,
        @DefaultValue("0") @Min(0) long maxRowsPerSecond,
        @DefaultValue @Valid Busy busy,
        @DefaultValue @Valid Schedule schedule,
        @DefaultValue @Valid Report report,
        @DefaultValue("30s") Duration abandonedAfter) {

    public ReconcilerProperties {
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /**
     * A JDBC connection.
     *
     * @param url the JDBC URL (MySQL/MariaDB or PostgreSQL)
     * @param username the user
     * @param password the password
     * @param maximumPoolSize connections at most
     */
    public record Database(
            String url, String username, String password, @DefaultValue("4") @Min(1) int maximumPoolSize) {

        /** The settings, the password and any secret in the URL masked. */
        @Override
        public String toString() {
            return Redaction.toString(this);
        }
    }

    /**
     * One table to reconcile.
     *
     * @param name the table name (the same in both stores)
     * @param keyColumns the key, in order; the primary key when empty
     * @param ignoredColumns columns left out of the comparison
     * @param maskedColumns columns whose values never appear in reports, logs or the REST API
     * @param floatTolerance per column, the largest absolute difference still equal
     * @param versionColumn the primary's row version column, the version a repair is published at; when
     *     unset a repair takes the fence's version of the row
     * @param updatedAtColumn a timestamp column every write sets: runs then compare only the rows changed
     *     since the last clean run (deletes on the primary are seen by the periodic full run)
     */
    public record Table(
            @NotBlank String name,
            List<String> keyColumns,
            List<String> ignoredColumns,
            List<String> maskedColumns,
            Map<String, Double> floatTolerance,
            String versionColumn,
            String updatedAtColumn) {

        public Table {
            keyColumns = keyColumns == null ? List.of() : List.copyOf(keyColumns);
            ignoredColumns = ignoredColumns == null ? List.of() : List.copyOf(ignoredColumns);
            maskedColumns = maskedColumns == null ? List.of() : List.copyOf(maskedColumns);
            floatTolerance = floatTolerance == null ? Map.of() : Map.copyOf(floatTolerance);
        }
    }

    /**
     * @param enabled whether the service runs the reconciliation on its schedule
     * @param cron a Spring cron expression (second minute hour day month weekday)
     * @param zone the time zone of the cron expression
     */
    public record Schedule(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0 0 6 * * *") String cron,
            @DefaultValue("UTC") ZoneId zone) {}

    /**
     * @param to recipients of the report of every scheduled run; none sends nothing
     * @param from the sender
     * @param subjectPrefix put before every subject
     * @param trendRuns earlier runs shown in the trend chart
     */
    public record Report(
            List<String> to,
            @DefaultValue("tandem-reconciler@localhost") String from,
            @DefaultValue("[tandem]") String subjectPrefix,
            @DefaultValue("14") @Min(1) int trendRuns) {

        public Report {
            to = to == null ? List.of() : List.copyOf(to);
        }
    }
}
