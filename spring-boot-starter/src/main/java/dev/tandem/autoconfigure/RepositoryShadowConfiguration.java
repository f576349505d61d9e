package dev.tandem.autoconfigure;

import dev.tandem.dualwrite.migration.Migration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shadow reads of Spring Data repositories' {@code findById}, when Spring Data is present. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport")
@ConditionalOnProperty(
        prefix = "tandem.dualwrite.migration",
        name = "shadow-repository-reads",
        havingValue = "true",
        matchIfMissing = true)
class RepositoryShadowConfiguration {

    /** Static: a post-processor must not pull the migration's beans in before the repositories exist. */
    @Bean
    static RepositoryShadowReads tandemRepositoryShadowReads(
            ObjectProvider<Migration> migration, ObjectProvider<CapturedEntities> captured) {
        return new RepositoryShadowReads(migration, captured);
    }
}
