package dev.tandem.reconcile;

import dev.tandem.security.ServiceSecurityConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The reconciler service: scheduled daily run, REST API, metrics. The operator's commands ({@code
 * tandem run}, {@code runs}, {@code show}, {@code backfill}) live in the {@code tandem-cli} module and
 * open this application's context without web server or schedule.
 */
/* The reconciler reads both stores through its own two DataSources, not spring.datasource. */
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
@Import(ServiceSecurityConfiguration.class)
public class ReconcilerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReconcilerApplication.class, args);
    }
}
