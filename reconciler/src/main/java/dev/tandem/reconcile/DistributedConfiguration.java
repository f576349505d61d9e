package dev.tandem.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.core.kafka.SpringKafkaClients;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.reconcile.distributed.DistributedProperties;
import dev.tandem.reconcile.distributed.ReconcileCoordinator;
import dev.tandem.reconcile.distributed.ReconcileGroup;
import dev.tandem.reconcile.distributed.ReconcileWorker;
import dev.tandem.reconcile.metrics.ReconcilerMetrics;
import dev.tandem.reconcile.store.RunStore;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * With {@code tandem.reconciler.distributed.enabled}: the run's tables are compared by the workers'
 * group (the coordinator), and this process can itself be a worker ({@code tandem run --worker}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DistributedProperties.class)
@ConditionalOnProperty(name = "tandem.reconciler.distributed.enabled", havingValue = "true")
class DistributedConfiguration {

    private static final String ENABLED = "tandem.reconciler.distributed.enabled";

    @Bean
    ReconcileGroup reconcileGroup(
            DistributedProperties properties,
            KafkaProperties kafka,
            ObjectProvider<SslBundles> sslBundles,
            Environment environment) {
        if (!environment.containsProperty("spring.kafka.bootstrap-servers")) {
            throw new InvalidConfigurationPropertyValueException(
                    "spring.kafka.bootstrap-servers",
                    null,
                    "The coordinator and its workers meet on Kafka (" + ENABLED + "=true): set it");
        }
        String migration = environment.getProperty("tandem.reconciler.migration.name");
        if (migration != null && !migration.isBlank()) {
            throw new InvalidConfigurationPropertyValueException(
                    ENABLED,
                    true,
                    "A distributed run compares in the configured direction only; it cannot yet follow migration '"
                            + migration + "' (tandem.reconciler.migration.name), whose phase may swap the stores");
        }
        try {
            return new ReconcileGroup(
                    SpringKafkaClients.of(kafka, sslBundles.getIfAvailable()),
                    properties.tasksTopic(),
                    properties.resultsTopic(),
                    properties.group(),
                    properties.partitions(),
                    properties.replicationFactor(),
                    properties.segmentRows(),
                    properties.sessionTimeout(),
                    properties.maxSegmentDuration(),
                    properties.kafkaTimeout(),
                    properties.workerId(),
                    properties.members());
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().contains("worker id")
                    ? "tandem.reconciler.distributed.worker-id"
                    : "tandem.reconciler.distributed.results-topic";
            throw new InvalidConfigurationPropertyValueException(key, "…", e.getMessage());
        }
    }

    @Bean
    ReconcileCoordinator reconcileCoordinator(
            @Qualifier("primary") HikariDataSource primary,
            ReconcileGroup group,
            ReconcilerProperties reconciler,
            DistributedProperties properties,
            RunStore store) {
        LoggerFactory.getLogger(DistributedConfiguration.class)
                .info(
                        "Runs are compared by the workers of group {} on {}, in segments of about {} rows",
                        group.group(),
                        group.tasksTopic(),
                        group.segmentRows());
        return new ReconcileCoordinator(
                primary, group, store, reconciler.maxDifferences(), properties.progressInterval());
    }

    @Bean
    ReconcileWorker reconcileWorker(
            ReconcilerProperties properties,
            @Qualifier("primary") HikariDataSource primary,
            @Qualifier("secondary") HikariDataSource secondary,
            ReconcilerMetrics metrics,
            SchemaMapping mapping,
            ReconcileGroup group) {
        return new ReconcileWorker(
                ReconcilerConfiguration.comparison(properties, primary, secondary, metrics, mapping),
                ReconcilerConfiguration.tableSpecs(properties),
                group);
    }
}
