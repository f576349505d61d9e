package dev.tandem.autoconfigure;

import dev.tandem.dualwrite.migration.Migration;
import dev.tandem.dualwrite.migration.MigrationControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code tandemmigration} Actuator endpoint, for an application that defines a {@link
 * MigrationControl} bean (and usually its {@link Migration} instance). Its changes need a caller in
 * one of {@code tandem.migration.endpoint.roles}, as the application's own security tells; no
 * security filter chain is defined here.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@EnableConfigurationProperties(MigrationEndpointProperties.class)
public class MigrationAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MigrationAutoConfiguration.class);

    @Bean
    @ConditionalOnBean(MigrationControl.class)
    @ConditionalOnMissingBean
    MigrationEndpoint tandemMigrationEndpoint(
            ObjectProvider<Migration> instance, MigrationControl control, MigrationEndpointProperties properties) {
        if (!properties.secured()) {
            log.warn("tandem.migration.endpoint.secured=false: anyone who reaches the tandemmigration endpoint may"
                    + " change the migration's phase, cut over or roll back");
        }
        return new MigrationEndpoint(instance.getIfAvailable(), control, properties);
    }
}
