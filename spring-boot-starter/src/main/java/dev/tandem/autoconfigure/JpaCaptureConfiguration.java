package dev.tandem.autoconfigure;

import dev.tandem.core.HandOffReason;
import dev.tandem.core.config.SettingKeys;
import dev.tandem.dualwrite.DualWrite;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.RetryHandOff;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.dualwrite.migration.Migration;
import dev.tandem.dualwrite.outbox.Outbox;
import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.lang.Nullable;

/**
 * Registers the post-commit capture with every Hibernate {@code EntityManagerFactory}, for entities
 * annotated {@link DualWrite} or mapped to a table in {@code tandem.dualwrite.tables}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({EntityManagerFactory.class, SessionFactoryImplementor.class})
class JpaCaptureConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JpaCaptureConfiguration.class);

    @Bean
    CapturedEntities tandemCapturedEntities() {
        return new CapturedEntities();
    }

    @Bean
    SmartInitializingSingleton tandemJpaCaptureRegistrar(
            ObjectProvider<EntityManagerFactory> factories,
            DualWriter writer,
            DualWriteProperties properties,
            ObjectProvider<Outbox> outbox,
            ObjectProvider<Migration> migration,
            CapturedEntities captured) {
        return () -> factories
                .orderedStream()
                .forEach(factory -> captured.addAll(register(
                        factory,
                        writer,
                        migration.getIfAvailable(),
                        properties,
                        properties.crashSafe() ? outbox.getObject() : null)));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "tandem.dualwrite", name = "crash-safe", havingValue = "true")
    @ConditionalOnMissingBean
    Outbox tandemOutbox(
            DualWriteProperties properties,
            ObjectProvider<DataSource> dataSources,
            BeanFactory beans,
            RetryHandOff retry) {
        DualWriteProperties.Outbox settings = properties.outbox();
        DataSource primary;
        if (settings.primaryDataSourceBean() != null
                && !settings.primaryDataSourceBean().isBlank()) {
            primary = beans.getBean(settings.primaryDataSourceBean(), DataSource.class);
        } else {
            primary = dataSources.getIfUnique();
            if (primary == null) {
                throw new InvalidConfigurationPropertyValueException(
                        "tandem.dualwrite.outbox.primary-data-source-bean",
                        null,
                        "The application has no single DataSource; name the primary's bean");
            }
        }
        if (!(retry instanceof KafkaRetryHandOff kafka)) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.dualwrite.crash-safe",
                    true,
                    "Crash-safe mode relays outbox rows through the Kafka retry hand-off, but the RetryHandOff bean is a "
                            + retry.getClass().getName());
        }
        IllegalStateException relayCause = new IllegalStateException("Left in the outbox past the relay age");
        try {
            return new Outbox(
                    primary,
                    settings.table(),
                    settings.relayAge(),
                    settings.relayInterval(),
                    settings.relayBatch(),
                    m -> kafka.publishAcknowledged(m, HandOffReason.OUTBOX_RELAY, relayCause));
        } catch (IllegalArgumentException e) {
            throw SettingKeys.under("tandem.dualwrite.outbox")
                    .setting("relayBatch", "tandem.dualwrite.outbox.relay-batch", settings.relayBatch())
                    .setting("relayAge", "tandem.dualwrite.outbox.relay-age", settings.relayAge())
                    .setting("relayInterval", "tandem.dualwrite.outbox.relay-interval", settings.relayInterval())
                    .setting("Outbox table name", "tandem.dualwrite.outbox.table", settings.table())
                    .invalid(e);
        }
    }

    /** Returns the plans of the entities captured, by entity name. */
    private static Map<String, EntityWritePlan> register(
            EntityManagerFactory factory,
            DualWriter writer,
            @Nullable Migration migration,
            DualWriteProperties properties,
            @Nullable Outbox outbox) {
        SessionFactoryImplementor sessionFactory = factory.unwrap(SessionFactoryImplementor.class);
        Map<String, DualWriteProperties.Table> configured = new HashMap<>();
        List<DualWriteProperties.Table> tables = properties.tables();
        for (int i = 0; i < tables.size(); i++) {
            DualWriteProperties.Table table = tables.get(i);
            if (table.name() == null || table.name().isBlank()) {
                throw new InvalidConfigurationPropertyValueException(
                        "tandem.dualwrite.tables[" + i + "].name",
                        table.name(),
                        "Name the table whose entity writes are dual-written");
            }
            configured.put(table.name().toLowerCase(Locale.ROOT), table);
        }
        Map<String, EntityWritePlan> plans = new HashMap<>();
        Set<String> matchedTables = new TreeSet<>();
        sessionFactory.getMappingMetamodel().forEachEntityDescriptor(persister -> {
            Class<?> type = persister.getMappedClass();
            DualWrite annotation = type == null ? null : type.getAnnotation(DualWrite.class);
            String table = EntityWritePlan.tableNameOf(persister);
            DualWriteProperties.Table listed = table == null ? null : configured.get(table.toLowerCase(Locale.ROOT));
            if (annotation == null && listed == null) {
                return;
            }
            String versionColumn = listed != null && listed.versionColumn() != null
                    ? listed.versionColumn()
                    : annotation != null ? annotation.versionColumn() : null;
            plans.put(persister.getEntityName(), EntityWritePlan.of(persister, versionColumn, outbox != null));
            if (table != null) {
                matchedTables.add(table.toLowerCase(Locale.ROOT));
            }
        });
        for (int i = 0; i < tables.size(); i++) {
            if (!matchedTables.contains(tables.get(i).name().toLowerCase(Locale.ROOT))) {
                throw new InvalidConfigurationPropertyValueException(
                        "tandem.dualwrite.tables[" + i + "].name",
                        tables.get(i).name(),
                        "No JPA entity is mapped to this table");
            }
        }
        if (plans.isEmpty()) {
            log.warn(
                    "No entity is annotated @DualWrite or mapped to a table in tandem.dualwrite.tables: nothing is captured");
            return plans;
        }
        EventListenerRegistry registry = sessionFactory.getServiceRegistry().getService(EventListenerRegistry.class);
        CaptureRoute route = CaptureRoute.direct(writer);
        if (migration != null) {
            MigrationRoute gated = new MigrationRoute(migration, plans.keySet());
            registry.appendListeners(EventType.PRE_INSERT, gated);
            registry.appendListeners(EventType.PRE_UPDATE, gated);
            registry.appendListeners(EventType.PRE_DELETE, gated);
            route = gated;
        }
        if (outbox != null) {
            // The relay reads a left write's row again as the capture writes it: the mapped columns, the version.
            plans.values().forEach(plan -> outbox.rows().table(plan.table(), plan.columns(), plan.versionColumn()));
            OutboxCapture capture = new OutboxCapture(route, outbox, plans);
            registry.appendListeners(EventType.POST_INSERT, capture);
            registry.appendListeners(EventType.POST_UPDATE, capture);
            registry.appendListeners(EventType.POST_DELETE, capture);
        } else {
            JpaMutationCapture capture = new JpaMutationCapture(route, plans);
            registry.appendListeners(EventType.POST_COMMIT_INSERT, capture);
            registry.appendListeners(EventType.POST_COMMIT_UPDATE, capture);
            registry.appendListeners(EventType.POST_COMMIT_DELETE, capture);
        }
        log.info(
                "Dual-writing JPA writes of {} entities{}{}: {}",
                plans.size(),
                outbox != null ? " (crash-safe)" : "",
                migration != null ? " through the migration's write gate" : "",
                new TreeSet<>(plans.keySet()));
        return plans;
    }
}
