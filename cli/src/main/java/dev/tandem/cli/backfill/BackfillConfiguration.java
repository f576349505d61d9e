package dev.tandem.cli.backfill;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.backfill.BackfillGroup;
import dev.tandem.backfill.BackfillOptions;
import dev.tandem.backfill.BackfillProperties;
import dev.tandem.backfill.BackfillService;
import dev.tandem.backfill.BackfillSides;
import dev.tandem.backfill.BackfillTable;
import dev.tandem.backfill.Checkpoints;
import dev.tandem.backfill.TableOrder;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.config.SettingKeys;
import dev.tandem.core.kafka.SpringKafkaClients;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.pace.BusyProbe;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.ReconcilerConfiguration;
import dev.tandem.reconcile.ReconcilerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the backfill from {@code tandem.backfill.*}, on the reconciler's stores and schema mapping.
 * Only {@code tandem backfill} adds it to the reconciler's context: the reconciler service runs no
 * backfill, and the backfill library knows no reconciler.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackfillProperties.class)
class BackfillConfiguration {

    @Bean
    BackfillService backfillService(
            BackfillProperties properties,
            ReconcilerProperties reconciler,
            @Qualifier("primary") HikariDataSource primary,
            @Qualifier("secondary") HikariDataSource secondary,
            SchemaMapping mapping,
            KafkaProperties kafka,
            ObjectProvider<SslBundles> sslBundles,
            MeterRegistry registry) {
        Checkpoints checkpoints;
        try {
            checkpoints = new Checkpoints(secondary, properties.checkpointTable());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.backfill.checkpoint-table", properties.checkpointTable(), e.getMessage());
        }
        BackfillOptions options;
        try {
            options = properties.options();
        } catch (IllegalArgumentException e) {
            String prefix = "tandem.backfill.";
            throw SettingKeys.under("tandem.backfill")
                    .setting("workers", prefix + "workers", properties.workers())
                    .setting("chunkRows", prefix + "chunk-rows", properties.chunkRows())
                    .setting("batchRows", prefix + "batch-rows", properties.batchRows())
                    .setting("maxBatchRows", prefix + "max-batch-rows", properties.maxBatchRows())
                    .setting("maxAttempts", prefix + "max-attempts", properties.maxAttempts())
                    .setting("targetBatchDuration", prefix + "target-batch-duration", properties.targetBatchDuration())
                    .setting("verifySettle", prefix + "verify-settle", properties.verifySettle())
                    .setting(
                            "maxActiveQueries",
                            prefix + "busy.max-active-queries",
                            properties.busy().maxActiveQueries())
                    .setting(
                            "busyPause",
                            prefix + "busy.pause",
                            properties.busy().pause())
                    .setting("progressInterval", prefix + "progress-interval", properties.progressInterval())
                    .invalid(e);
        }
        // Each worker holds a connection to each store, and progress and verification need one more.
        int connections = Math.min(primary.getMaximumPoolSize(), secondary.getMaximumPoolSize());
        if (properties.workers() == 0) {
            options = options.withWorkers(Math.max(1, Math.min(options.workers(), connections - 1)));
        } else if (properties.workers() > connections - 1) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.backfill.workers",
                    properties.workers(),
                    properties.workers() + " workers need pools of at least " + (properties.workers() + 1)
                            + " connections; raise tandem.reconciler.primary.maximum-pool-size and"
                            + " tandem.reconciler.secondary.maximum-pool-size (now " + primary.getMaximumPoolSize()
                            + " and " + secondary.getMaximumPoolSize() + ")");
        }
        return new BackfillService(
                new BackfillSides(
                        primary,
                        secondary,
                        SecondaryStore.fenced(secondary)
                                .fenceTable(reconciler.fenceTable())
                                .statementTimeout(Duration.ofSeconds(60))
                                .mapping(mapping)
                                .urlSetting("tandem.reconciler.secondary.url")
                                .build(),
                        checkpoints,
                        mapping),
                options,
                BusyProbe.of(primary),
                tables(properties, ReconcilerConfiguration.tableSpecs(reconciler)),
                group(properties.distributed(), kafka, sslBundles.getIfAvailable()),
                registry);
    }

    /** The group that runs share when {@code tandem.backfill.distributed.enabled}; null otherwise. */
    static BackfillGroup group(BackfillProperties.Distributed distributed, KafkaProperties kafka, SslBundles ssl) {
        if (!distributed.enabled()) {
            return null;
        }
        try {
            return new BackfillGroup(
                    SpringKafkaClients.of(kafka, ssl),
                    distributed.tasksTopic(),
                    distributed.group(),
                    distributed.partitions(),
                    distributed.replicationFactor(),
                    distributed.sessionTimeout(),
                    distributed.maxChunkDuration(),
                    distributed.kafkaTimeout(),
                    distributed.workerId());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.backfill.distributed.worker-id", distributed.workerId(), e.getMessage());
        }
    }

    /**
     * The configured tables, each verified as the reconciler compares it (key, ignored columns,
     * tolerances) and versioned by its own or the reconciler's version column.
     */
    static List<BackfillTable> tables(BackfillProperties properties, List<TableSpec> reconcilerTables) {
        Map<String, TableSpec> specs = reconcilerTables.stream()
                .collect(Collectors.toMap(s -> s.table().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));
        List<BackfillTable> tables = new ArrayList<>();
        if (properties.tables().isEmpty()) {
            for (TableSpec spec : reconcilerTables) {
                if (spec.versionColumn() != null && !spec.versionColumn().isBlank()) {
                    tables.add(new BackfillTable(spec, spec.versionColumn(), List.of()));
                }
            }
            return tables;
        }
        for (int i = 0; i < properties.tables().size(); i++) {
            BackfillProperties.Table table = properties.tables().get(i);
            String key = "tandem.backfill.tables[" + i + "]";
            TableSpec spec = specs.getOrDefault(table.name().toLowerCase(Locale.ROOT), TableSpec.of(table.name()));
            String version =
                    table.versionColumn() != null && !table.versionColumn().isBlank()
                            ? table.versionColumn()
                            : spec.versionColumn();
            try {
                tables.add(new BackfillTable(spec, version, table.dependsOn()));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationPropertyValueException(key + ".version-column", version, e.getMessage());
            }
        }
        try {
            TableOrder.levels(tables);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.backfill.tables", "depends-on", e.getMessage());
        }
        return tables;
    }
}
