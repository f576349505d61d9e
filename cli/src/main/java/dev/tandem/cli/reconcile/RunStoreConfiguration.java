package dev.tandem.cli.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.reconcile.ReconcilerConfiguration;
import dev.tandem.reconcile.ReconcilerProperties;
import dev.tandem.reconcile.store.RunStore;
import java.sql.SQLException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code tandem runs} and {@code show} need of the reconciler's configuration: one pool on the
 * run store and the store. No primary, no Kafka, no mail, no auto-configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReconcilerProperties.class)
class RunStoreConfiguration {

    @Bean(destroyMethod = "close")
    HikariDataSource runStorePool(ReconcilerProperties properties) {
        return ReconcilerConfiguration.runStoreDataSource(properties);
    }

    @Bean
    RunStore runStore(HikariDataSource runStorePool) throws SQLException {
        RunStore store = new RunStore(runStorePool);
        store.create();
        return store;
    }
}
