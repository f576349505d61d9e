package dev.tandem.backfill;

import dev.tandem.core.pace.Busy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the backfill, under {@code tandem.backfill}; the stores are the reconciler's
 * ({@code tandem.reconciler.primary/secondary}) and the schema mapping is {@code tandem.mapping}.
 *
 * @param tables what to backfill; when empty, the reconciler's tables that have a version column
 * @param workers chunks copied at once; 0 for one per core
 * @param chunkRows rows per chunk (the unit checkpointed and verified)
 * @param batchRows rows read and applied at once at first (adapted towards the target duration)
 * @param maxBatchRows the most rows one batch may grow to
 * @param targetBatchDuration how long one batch should take
 * @param verify whether each finished chunk is compared with the secondary
 * @param verifySettle how long a chunk's difference waits before it is looked at again
 * @param maxAttempts copies of a chunk at most while its verification finds differences
 * @param busy when the primary counts as busy, and how long to pause then
 * @param deferIndexes whether the secondary's non-unique indexes are dropped for the copy and
 *     recreated after it
 * @param checkpointTable the table (in the secondary) that records finished chunks
 * @param progressInterval how often progress is logged and printed
 * @param maxRowsPerSecond the most rows per second the run copies, all workers together; 0 for no limit
 * @param distributed whether and how the run is shared by worker processes on many hosts
 */
@ConfigurationProperties("tandem.backfill")
@Validated
public record BackfillProperties(
        @Valid List<Table> tables,
        @DefaultValue("0") @Min(0) int workers,
        @DefaultValue("20000") @Min(1) int chunkRows,
        @DefaultValue("2000") @Min(1) int batchRows,
        @DefaultValue("20000") @Min(1) int maxBatchRows,
        @DefaultValue("500ms") Duration targetBatchDuration,
        @DefaultValue("true") boolean verify,
        @DefaultValue("2s") Duration verifySettle,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue @Valid Busy busy,
        @DefaultValue("false") boolean deferIndexes,
        @DefaultValue("tandem_backfill_chunk") @NotBlank String checkpointTable,
        @DefaultValue("10s") Duration progressInterval,
        @DefaultValue("0") @Min(0) long maxRowsPerSecond,
        @DefaultValue @Valid Distributed distributed) {

    public BackfillProperties {
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /**
     * One table.
     *
     * @param name the primary's table name (the mapping gives the secondary's)
     * @param versionColumn the primary's row version column; the reconciler table's when unset
     * @param dependsOn tables backfilled before this one (those its foreign keys point to)
     */
    public record Table(@NotBlank String name, String versionColumn, List<String> dependsOn) {

        public Table {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        }
    }

    /**
     * A run shared by worker processes ({@code tandem backfill --worker}) on any number of hosts: the
     * coordinator ({@code tandem backfill}) publishes the chunks as tasks to {@code tasksTopic}, the
     * workers of consumer group {@code group} copy the chunks Kafka assigns them.
     *
     * @param enabled off: the run is in-process, its workers are threads
     * @param tasksTopic the chunks' tasks; made by the coordinator if missing
     * @param group the workers' consumer group
     * @param partitions the tasks topic's partitions when the coordinator makes it: the most workers
     *     that can copy at once
     * @param replicationFactor the tasks topic's replication factor when made; -1 for the broker's default
     * @param sessionTimeout how long after a worker's last heartbeat (it died) its chunks go to others
     * @param maxChunkDuration the longest one chunk may take before the group counts its worker as stuck
     * @param kafkaTimeout the longest a call of the coordinator to Kafka may take
     * @param workerId names a worker in progress, checkpoints and logs; the host name and process id
     *     when unset
     */
    public record Distributed(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("tandem.backfill.tasks") @NotBlank String tasksTopic,
            @DefaultValue("tandem-backfill-workers") @NotBlank String group,
            @DefaultValue("24") @Min(1) int partitions,
            @DefaultValue("-1") short replicationFactor,
            @DefaultValue("15s") Duration sessionTimeout,
            @DefaultValue("10m") Duration maxChunkDuration,
            @DefaultValue("30s") Duration kafkaTimeout,
            String workerId) {}

    /** The options these properties set. */
    public BackfillOptions options() {
        return BackfillOptions.custom()
                .workers(workers == 0 ? Runtime.getRuntime().availableProcessors() : workers)
                .chunkRows(chunkRows)
                .batchRows(batchRows)
                .maxBatchRows(maxBatchRows)
                .targetBatchDuration(targetBatchDuration)
                .verify(verify)
                .verifySettle(verifySettle)
                .maxAttempts(maxAttempts)
                .maxActiveQueries(busy.maxActiveQueries())
                .busyPause(busy.pause())
                .deferIndexes(deferIndexes)
                .progressInterval(progressInterval)
                .maxRowsPerSecond(maxRowsPerSecond)
                .build();
    }
}
