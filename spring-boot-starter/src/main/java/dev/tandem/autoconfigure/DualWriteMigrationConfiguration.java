package dev.tandem.autoconfigure;

import dev.tandem.core.config.SettingKeys;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.Store;
import dev.tandem.core.mapping.MappingProperties;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.migration.GateSettings;
import dev.tandem.dualwrite.migration.HoldDrain;
import dev.tandem.dualwrite.migration.Migration;
import dev.tandem.dualwrite.migration.MigrationConfig;
import dev.tandem.dualwrite.migration.MigrationControl;
import dev.tandem.dualwrite.migration.MigrationMetrics;
import dev.tandem.dualwrite.migration.MigrationStores;
import dev.tandem.dualwrite.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The application's instance of a migration: the application's DataSource is one store (by default
 * the origin), {@code tandem.dualwrite.secondary} the other, and the dual writer writes into the
 * secondary. Its JPA writes are bound to its own DataSource, which the migration declares ({@link
 * MigrationConfig#writesOnly()}).
 */
@Configuration(proxyBeanMethods = false)
class DualWriteMigrationConfiguration {

    private static final String PREFIX = "tandem.dualwrite.migration.";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ControlTopic tandemControlTopic(
            DualWriteMigrationProperties migration, DualWriteProperties dualWrite, Environment environment) {
        String servers = firstText(
                migration.bootstrapServers(),
                dualWrite.kafka().bootstrapServers(),
                environment.getProperty("spring.kafka.bootstrap-servers"));
        if (servers == null) {
            throw new InvalidConfigurationPropertyValueException(
                    PREFIX + "bootstrap-servers",
                    null,
                    "Name the Kafka brokers of the control topic here, in tandem.dualwrite.kafka.bootstrap-servers"
                            + " or in spring.kafka.bootstrap-servers");
        }
        if (firstText(migration.controlTopic()) == null) {
            throw new InvalidConfigurationPropertyValueException(
                    PREFIX + "control-topic", migration.controlTopic(), "Name the compacted control topic");
        }
        return new ControlTopic(
                servers, migration.controlTopic(), migration.auditTopic(), new HashMap<>(migration.client()));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Migration tandemMigration(
            DualWriteMigrationProperties properties,
            ControlTopic control,
            ObjectProvider<DataSource> dataSources,
            BeanFactory beans,
            SecondaryDataSource secondary,
            DualWriter writer,
            MappingProperties mapping,
            ObjectProvider<Outbox> outbox,
            ObjectProvider<MeterRegistry> registry) {
        DataSource own = primaryDataSource(properties, dataSources, beans);
        Store bound = properties.store();
        MigrationStores stores = bound == Store.ORIGIN
                ? new MigrationStores(own, secondary.dataSource(), writer, new BoundStoreWriter(Store.ORIGIN))
                : new MigrationStores(secondary.dataSource(), own, new BoundStoreWriter(Store.TARGET), writer);
        MigrationMetrics metrics = registry.stream()
                .findFirst()
                .<MigrationMetrics>map(MicrometerMigrationMetrics::new)
                .orElse(MigrationMetrics.NOOP);
        List<HoldDrain> drains = outbox.stream()
                .map(o -> new HoldDrain("the crash-safe outbox", o::drain))
                .toList();
        return Migration.start(control, stores, config(properties, mapping.toSchemaMapping()), metrics, drains);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tandem.dualwrite.migration", name = "endpoint", matchIfMissing = true)
    MigrationControl tandemMigrationControl(DualWriteMigrationProperties properties, ControlTopic control) {
        DualWriteMigrationProperties.Gates gates = properties.gates();
        List<DualWriteMigrationProperties.RetryTopic> topics = gates.retryTopics();
        for (int i = 0; i < topics.size(); i++) {
            if (firstText(topics.get(i).topic()) == null
                    || firstText(topics.get(i).group()) == null) {
                throw new InvalidConfigurationPropertyValueException(
                        PREFIX + "gates.retry-topics[" + i + "]",
                        topics.get(i),
                        "Name both the retry topic and the consumer group draining it");
            }
        }
        GateSettings settings;
        try {
            settings = new GateSettings(
                    topics.stream()
                            .map(t -> new GateSettings.RetryTopic(t.topic(), t.group()))
                            .toList(),
                    gates.deadLetterTopics(),
                    gates.maxMismatchRate(),
                    gates.requireReconcile(),
                    gates.instanceTimeout(),
                    properties.maxWriteHold());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw SettingKeys.under(PREFIX + "gates")
                    .setting("maxMismatchRate", PREFIX + "gates.max-mismatch-rate", gates.maxMismatchRate())
                    .setting("instanceTimeout", PREFIX + "gates.instance-timeout", gates.instanceTimeout())
                    .setting("maxWriteHold", PREFIX + "max-write-hold", properties.maxWriteHold())
                    .invalid(e);
        }
        return MigrationControl.connect(control, properties.name(), settings);
    }

    private static MigrationConfig config(DualWriteMigrationProperties properties, SchemaMapping mapping) {
        if (firstText(properties.name()) == null) {
            throw new InvalidConfigurationPropertyValueException(
                    PREFIX + "name", properties.name(), "Name the migration this application follows");
        }
        MigrationConfig.Builder config = MigrationConfig.custom(properties.name())
                .initialPhase(properties.initialPhase())
                .stateDirectory(properties.stateDirectory())
                .maxWriteHold(properties.maxWriteHold())
                .heartbeatInterval(properties.reportInterval())
                .trackedKeys(properties.trackedKeys())
                .shadowThreads(properties.shadowThreads())
                .shadowQueue(properties.shadowQueue())
                .shadowRecheckDelay(properties.shadowRecheckDelay())
                .ignoredColumns(properties.ignoredColumns())
                .writesOnly(properties.store())
                .mapping(mapping);
        if (firstText(properties.instance()) != null) {
            config.instance(properties.instance());
        }
        try {
            return config.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            // The message names the setting, e.g. "maxWriteHold must be a positive duration but was PT0S".
            throw SettingKeys.under("tandem.dualwrite.migration")
                    .setting("migration", PREFIX + "name", properties.name())
                    .setting("instance", PREFIX + "instance", properties.instance())
                    .setting("initialPhase", PREFIX + "initial-phase", properties.initialPhase())
                    .setting("stateDirectory", PREFIX + "state-directory", properties.stateDirectory())
                    .setting("maxWriteHold", PREFIX + "max-write-hold", properties.maxWriteHold())
                    .setting("heartbeatInterval", PREFIX + "report-interval", properties.reportInterval())
                    .setting("shadowRecheckDelay", PREFIX + "shadow-recheck-delay", properties.shadowRecheckDelay())
                    .setting("trackedKeys", PREFIX + "tracked-keys", properties.trackedKeys())
                    .setting("shadowThreads", PREFIX + "shadow-threads", properties.shadowThreads())
                    .setting("shadowQueue", PREFIX + "shadow-queue", properties.shadowQueue())
                    .invalid(e);
        }
    }

    private static DataSource primaryDataSource(
            DualWriteMigrationProperties properties, ObjectProvider<DataSource> dataSources, BeanFactory beans) {
        if (firstText(properties.primaryDataSourceBean()) != null) {
            return beans.getBean(properties.primaryDataSourceBean(), DataSource.class);
        }
        DataSource unique = dataSources.getIfUnique();
        if (unique == null) {
            throw new InvalidConfigurationPropertyValueException(
                    PREFIX + "primary-data-source-bean",
                    null,
                    "The application has no single DataSource; name the one its JPA EntityManager writes");
        }
        return unique;
    }

    private static String firstText(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
