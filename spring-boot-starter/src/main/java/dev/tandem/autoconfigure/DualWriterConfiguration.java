package dev.tandem.autoconfigure;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.config.SettingKeys;
import dev.tandem.core.mapping.MappingProperties;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterConfig;
import dev.tandem.dualwrite.DualWriterMetrics;
import dev.tandem.dualwrite.RetryHandOff;
import dev.tandem.dualwrite.kafka.KafkaRetryConfig;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The secondary store, the retry hand-off and the dual writer, each replaceable by a bean of the application's. */
@Configuration(proxyBeanMethods = false)
class DualWriterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecondaryDataSource tandemSecondaryDataSource(DualWriteProperties properties, BeanFactory beans) {
        DualWriteProperties.Secondary secondary = properties.secondary();
        if (hasText(secondary.dataSourceBean())) {
            try {
                return new SecondaryDataSource(beans.getBean(secondary.dataSourceBean(), DataSource.class));
            } catch (NoSuchBeanDefinitionException e) {
                throw new InvalidConfigurationPropertyValueException(
                        "tandem.dualwrite.secondary.data-source-bean",
                        secondary.dataSourceBean(),
                        "No DataSource bean has that name");
            }
        }
        if (!hasText(secondary.url())) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.dualwrite.secondary.url",
                    null,
                    "Set the secondary's JDBC URL, or name a DataSource bean in tandem.dualwrite.secondary.data-source-bean");
        }
        if (secondary.maximumPoolSize() <= 0) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.dualwrite.secondary.maximum-pool-size", secondary.maximumPoolSize(), "Must be positive");
        }
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("tandem-secondary");
        pool.setJdbcUrl(secondary.url());
        pool.setUsername(secondary.username());
        pool.setPassword(secondary.password());
        pool.setMaximumPoolSize(secondary.maximumPoolSize());
        pool.setConnectionTimeout(Math.max(250, secondary.connectionTimeout().toMillis()));
        // The secondary may be down at start-up: that must not stop the application.
        pool.setInitializationFailTimeout(-1);
        return new SecondaryDataSource(new HikariDataSource(pool));
    }

    @Bean
    @ConditionalOnMissingBean
    SecondaryStore tandemSecondaryStore(
            DualWriteProperties properties, MappingProperties mapping, SecondaryDataSource secondary) {
        SchemaMapping schemaMapping = mapping.toSchemaMapping();
        try {
            return SecondaryStore.fenced(secondary.dataSource())
                    .fenceTable(properties.fenceTable())
                    .statementTimeout(properties.statementTimeout())
                    .mapping(schemaMapping)
                    .urlSetting("tandem.dualwrite.secondary.url")
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.dualwrite.fence-table", properties.fenceTable(), e.getMessage());
        }
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(RetryHandOff.class)
    KafkaRetryHandOff tandemRetryHandOff(DualWriteProperties properties, Environment environment) {
        DualWriteProperties.Kafka kafka = properties.kafka();
        String servers = hasText(kafka.bootstrapServers())
                ? kafka.bootstrapServers()
                : environment.getProperty("spring.kafka.bootstrap-servers");
        if (!hasText(servers)) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.dualwrite.kafka.bootstrap-servers",
                    null,
                    "Name the Kafka brokers of the retry topic here or in spring.kafka.bootstrap-servers");
        }
        Map<String, Object> producer = new HashMap<>(kafka.producer());
        try {
            return KafkaRetryHandOff.create(KafkaRetryConfig.custom(servers)
                    .topic(kafka.topic())
                    .maxBlock(kafka.maxBlock())
                    .deliveryTimeout(kafka.deliveryTimeout())
                    .producerProperties(producer)
                    .spoolDirectory(properties.spool().directory())
                    .spoolMaxBytes(properties.spool().maxSize().toBytes())
                    .replayInterval(properties.spool().replayInterval())
                    .build());
        } catch (IllegalArgumentException e) {
            throw SettingKeys.under("tandem.dualwrite.kafka")
                    .setting("topic", "tandem.dualwrite.kafka.topic", kafka.topic())
                    .setting("maxBlock", "tandem.dualwrite.kafka.max-block", kafka.maxBlock())
                    .setting("deliveryTimeout", "tandem.dualwrite.kafka.delivery-timeout", kafka.deliveryTimeout())
                    .setting(
                            "spoolDirectory",
                            "tandem.dualwrite.spool.directory",
                            properties.spool().directory())
                    .setting(
                            "spoolMaxBytes",
                            "tandem.dualwrite.spool.max-size",
                            properties.spool().maxSize())
                    .setting(
                            "replayInterval",
                            "tandem.dualwrite.spool.replay-interval",
                            properties.spool().replayInterval())
                    .invalid(e);
        }
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DualWriter tandemDualWriter(
            DualWriteProperties properties,
            SecondaryStore secondary,
            RetryHandOff retry,
            ObjectProvider<DualWriterMetrics> metrics) {
        DualWriteProperties.CircuitBreaker breaker = properties.circuitBreaker();
        DualWriterConfig config;
        try {
            config = DualWriterConfig.custom()
                    .mode(properties.mode())
                    .asyncThreads(properties.async().threads())
                    .asyncQueueCapacity(properties.async().queueCapacity())
                    .asyncLinger(properties.async().linger())
                    .shutdownTimeout(properties.async().shutdownTimeout())
                    .failureRateThreshold(breaker.failureRateThreshold())
                    .slowCallThreshold(breaker.slowCallThreshold())
                    .slidingWindowSize(breaker.slidingWindowSize())
                    .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                    .waitInOpenState(breaker.waitInOpenState())
                    .permittedCallsInHalfOpenState(breaker.permittedCallsInHalfOpenState())
                    .maxConcurrentApplies(properties.bulkhead().maxConcurrentApplies())
                    .build();
        } catch (IllegalArgumentException e) {
            // The message names the setting, e.g. "asyncThreads must be positive but was 0".
            throw writerSettings(properties).invalid(e);
        }
        return DualWriter.of(secondary, retry, config, metrics.getIfAvailable(() -> DualWriterMetrics.NOOP));
    }

    private static SettingKeys writerSettings(DualWriteProperties properties) {
        String breaker = "tandem.dualwrite.circuit-breaker.";
        DualWriteProperties.CircuitBreaker b = properties.circuitBreaker();
        return SettingKeys.under("tandem.dualwrite")
                .setting("mode", "tandem.dualwrite.mode", properties.mode())
                .setting(
                        "asyncThreads",
                        "tandem.dualwrite.async.threads",
                        properties.async().threads())
                .setting(
                        "asyncQueueCapacity",
                        "tandem.dualwrite.async.queue-capacity",
                        properties.async().queueCapacity())
                .setting(
                        "asyncLinger",
                        "tandem.dualwrite.async.linger",
                        properties.async().linger())
                .setting(
                        "shutdownTimeout",
                        "tandem.dualwrite.async.shutdown-timeout",
                        properties.async().shutdownTimeout())
                .setting("failureRateThreshold", breaker + "failure-rate-threshold", b.failureRateThreshold())
                .setting("slowCallThreshold", breaker + "slow-call-threshold", b.slowCallThreshold())
                .setting("slidingWindowSize", breaker + "sliding-window-size", b.slidingWindowSize())
                .setting("minimumNumberOfCalls", breaker + "minimum-number-of-calls", b.minimumNumberOfCalls())
                .setting("waitInOpenState", breaker + "wait-in-open-state", b.waitInOpenState())
                .setting(
                        "permittedCallsInHalfOpenState",
                        breaker + "permitted-calls-in-half-open-state",
                        b.permittedCallsInHalfOpenState())
                .setting(
                        "maxConcurrentApplies",
                        "tandem.dualwrite.bulkhead.max-concurrent-applies",
                        properties.bulkhead().maxConcurrentApplies());
    }

    private static boolean hasText(String text) {
        return text != null && !text.isBlank();
    }
}
