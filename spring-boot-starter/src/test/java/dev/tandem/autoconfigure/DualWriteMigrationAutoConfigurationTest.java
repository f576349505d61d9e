package dev.tandem.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.control.Store;
import dev.tandem.dualwrite.migration.Migration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class DualWriteMigrationAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(DualWriteAutoConfiguration.class, DualWriteMigrationAutoConfiguration.class))
            .withPropertyValues(
                    "tandem.dualwrite.spool.directory=target/spool-migration-config-test",
                    "tandem.dualwrite.secondary.url=jdbc:postgresql://127.0.0.1:1/x",
                    "tandem.dualwrite.kafka.bootstrap-servers=127.0.0.1:1",
                    "tandem.dualwrite.migration.state-directory=target/state-migration-config-test",
                    "tandem.dualwrite.migration.endpoint=false");

    @Test
    void withoutEnablingItTheApplicationFollowsNoMigration() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Migration.class));
    }

    @Test
    void enabledWithoutANameFailsAtStartNamingTheProperty() {
        runner.withBean(DataSource.class, SimpleDriverDataSource::new)
                .withPropertyValues("tandem.dualwrite.migration.enabled=true")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("tandem.dualwrite.migration.name")
                        .hasStackTraceContaining("Name the migration this application follows"));
    }

    @Test
    void invalidHoldFailsAtStartSayingWhatIsWrong() {
        runner.withBean(DataSource.class, SimpleDriverDataSource::new)
                .withPropertyValues(
                        "tandem.dualwrite.migration.enabled=true",
                        "tandem.dualwrite.migration.name=orders",
                        "tandem.dualwrite.migration.max-write-hold=0s")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining(
                                "tandem.dualwrite.migration.max-write-hold must be a positive duration but was PT0S"));
    }

    @Test
    void anApplicationWithoutItsDataSourceFailsAtStartNamingTheProperty() {
        runner.withPropertyValues("tandem.dualwrite.migration.enabled=true", "tandem.dualwrite.migration.name=orders")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("tandem.dualwrite.migration.primary-data-source-bean"));
    }

    @Test
    void aValidMigrationStartsEvenWithKafkaDownAndDeclaresItsBoundStore() {
        runner.withBean(DataSource.class, SimpleDriverDataSource::new)
                .withPropertyValues(
                        "tandem.dualwrite.migration.enabled=true",
                        "tandem.dualwrite.migration.name=orders",
                        "tandem.dualwrite.migration.store=TARGET")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Migration.class);
                    assertThat(context.getBean(Migration.class).report().writesOnly())
                            .isEqualTo(Store.TARGET);
                });
    }
}
