package dev.tandem.autoconfigure;

import dev.tandem.dualwrite.migration.Migration;
import dev.tandem.dualwrite.migration.MigrationControl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code tandemmigration} Actuator endpoint, for an application that defines a {@link
 * MigrationControl} bean (and usually its {@link Migration} instance).
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
public class MigrationAutoConfiguration {

    @Bean
    @ConditionalOnBean(MigrationControl.class)
    @ConditionalOnMissingBean
    MigrationEndpoint tandemMigrationEndpoint(ObjectProvider<Migration> instance, MigrationControl control) {
        return new MigrationEndpoint(instance.getIfAvailable(), control);
    }
}
