package dev.tandem.autoconfigure;

import dev.tandem.core.mapping.MappingProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Dual writes for a Spring Boot application: the secondary store, the Kafka retry hand-off, the dual
 * writer, its metrics, and the capture of JPA entity writes. Turned off by
 * {@code tandem.dualwrite.enabled=false}.
 */
// After Actuator's meter registries (when present), so that the metrics' @ConditionalOnBean(MeterRegistry) sees them.
@AutoConfiguration(
        after = {DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class},
        afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnProperty(prefix = "tandem.dualwrite", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties({DualWriteProperties.class, MappingProperties.class})
@Import({DualWriterConfiguration.class, DualWriteMetricsConfiguration.class, JpaCaptureConfiguration.class})
public class DualWriteAutoConfiguration {}
