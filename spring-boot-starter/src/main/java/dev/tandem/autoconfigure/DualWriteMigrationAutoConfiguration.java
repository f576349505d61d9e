package dev.tandem.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The application follows a migration ({@code tandem.dualwrite.migration.enabled=true}): its JPA
 * writes pass the migration's write gate, are dual-written only in the phases that dual-write, and
 * the {@code tandemmigration} endpoint gets a {@code MigrationControl}.
 */
@AutoConfiguration(after = DualWriteAutoConfiguration.class, before = MigrationAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tandem.dualwrite.migration", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(DualWriteMigrationProperties.class)
@Import({DualWriteMigrationConfiguration.class, RepositoryShadowConfiguration.class})
public class DualWriteMigrationAutoConfiguration {}
