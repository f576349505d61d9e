package dev.tandem.demo;

import dev.tandem.cli.Tandem;
import dev.tandem.example.payments.PaymentsApplication;
import dev.tandem.reconcile.ReconcilerApplication;
import dev.tandem.retry.RetryConsumerApplication;
import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedSmtp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three Tandem deployables, configured as their operators would (command-line properties over
 * each one's own {@code application.yml}), pointing at the embedded services.
 */
final class Platform {

    /** The database of the payments service, in both stores. */
    static final String DATABASE = "payments";

    /**
     * The retry consumer's wait for a secondary connection. Short on purpose: the story stops
     * PostgreSQL for 15 s, and the consumer's workers and its lag probe (sampling every second) must
     * show the outage as it happens rather than block on the pool; a request that times out is a
     * transient failure, retried with back-off, so a busy machine only delays the drain.
     */
    private static final String OUTAGE_CONNECTION_TIMEOUT_MS = "1000";
    /** Who receives the reconciler's report. */
    static final String REPORT_TO = "data-owners@example.com";

    /**
     * JPA is on this process's classpath for the payments service only; the other services do not
     * use it and would otherwise start an idle entity manager on their DataSource.
     */
    /*
     * The demo runs every deployable in one JVM, so the payments service's classpath (JPA and the
     * Tandem starter) is the services' too; deployed, neither service has them.
     */
    private static final String NOT_THIS_SERVICE =
            "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration,"
                    + "org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration,"
                    + "dev.tandem.autoconfigure.DualWriteAutoConfiguration,"
                    + "dev.tandem.autoconfigure.MigrationAutoConfiguration,"
                    + "dev.tandem.autoconfigure.DualWriteMigrationAutoConfiguration";

    /*
     * Spring Security is on this classpath for the retry consumer and the reconciler, which secure
     * themselves (tandem-service-security); the payments service, deployed, has none and keeps none.
     */
    private static final String NO_SECURITY =
            "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,"
                    + "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration,"
                    + "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration,"
                    + "org.springframework.boot.actuate.autoconfigure.security.servlet"
                    + ".ManagementWebSecurityAutoConfiguration";

    private final EmbeddedDatabase primary;
    private final EmbeddedDatabase secondary;
    private final EmbeddedKafka kafka;
    private final EmbeddedSmtp smtp;
    private final Path workDirectory;
    /**
     * The retry consumer's operator password: {@code TANDEM_SECURITY_PASSWORD} when set, so that one can
     * call the secured endpoints during the demo; otherwise made up for this run and shown nowhere.
     */
    private final String operatorPassword = Optional.ofNullable(System.getenv(PASSWORD_VARIABLE))
            .filter(p -> !p.isBlank())
            .orElseGet(() -> "demo-" + UUID.randomUUID());

    Platform(
            EmbeddedDatabase primary,
            EmbeddedDatabase secondary,
            EmbeddedKafka kafka,
            EmbeddedSmtp smtp,
            Path workDirectory) {
        this.primary = primary;
        this.secondary = secondary;
        this.kafka = kafka;
        this.smtp = smtp;
        this.workDirectory = workDirectory;
    }

    /**
     * The example payments service with its reference {@code application.yml}: only the variables it
     * reads are set, plus what differs here (MariaDB standing in for MySQL, a free port, the spool's
     * folder).
     */
    ConfigurableApplicationContext startPayments() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("PRIMARY_URL", primary.jdbcUrl(DATABASE));
        properties.put("PRIMARY_USERNAME", primary.username());
        properties.put("PRIMARY_PASSWORD", primary.password());
        properties.put("SECONDARY_URL", secondary.jdbcUrl(DATABASE));
        properties.put("SECONDARY_USERNAME", secondary.username());
        properties.put("SECONDARY_PASSWORD", secondary.password());
        properties.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        // Through Connector/J, MariaDB 11 reports itself as MySQL 11; Hibernate must be told.
        properties.put("spring.jpa.database-platform", "org.hibernate.dialect.MariaDBDialect");
        properties.put(
                "tandem.dualwrite.spool.directory",
                workDirectory.resolve("payments-spool").toString());
        properties.put("spring.autoconfigure.exclude", NO_SECURITY);
        return start(PaymentsApplication.class, properties);
    }

    /** Where the operator's password comes from, as the deployed services read it. */
    static final String PASSWORD_VARIABLE = "TANDEM_SECURITY_PASSWORD";

    /**
     * The retry consumer on the secondary. Lag is sampled every second and judged over 10 s (the
     * defaults, 5 s and 60 s, suit dashboards, not a two-minute story), and a failing secondary is
     * retried at least every 2 s instead of 30 s, so the drain starts right after it returns.
     */
    ConfigurableApplicationContext startRetryConsumer() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.datasource.url", secondary.jdbcUrl(DATABASE));
        properties.put("spring.datasource.username", secondary.username());
        properties.put("spring.datasource.password", secondary.password());
        properties.put("spring.datasource.hikari.connection-timeout", OUTAGE_CONNECTION_TIMEOUT_MS);
        properties.put("tandem.retry.backoff.max", "2s");
        properties.put("tandem.retry.lag.interval", "1s");
        properties.put("tandem.retry.lag.window", "10s");
        properties.put("tandem.security.password", operatorPassword);
        properties.put("spring.autoconfigure.exclude", NOT_THIS_SERVICE);
        return start(RetryConsumerApplication.class, properties);
    }

    /**
     * Runs the operator's {@code tandem run --email}: it compares the payments table in both
     * stores, prints the report to standard output, mails it, and returns the exit status.
     */
    int runReconciler() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.config.location", configOf(ReconcilerApplication.class));
        properties.put("tandem.reconciler.primary.url", primary.jdbcUrl(DATABASE));
        properties.put("tandem.reconciler.primary.username", primary.username());
        properties.put("tandem.reconciler.primary.password", primary.password());
        properties.put("tandem.reconciler.secondary.url", secondary.jdbcUrl(DATABASE));
        properties.put("tandem.reconciler.secondary.username", secondary.username());
        properties.put("tandem.reconciler.secondary.password", secondary.password());
        properties.put("tandem.reconciler.tables[0].name", "payments");
        properties.put("tandem.reconciler.tables[0].version-column", "version");
        properties.put("tandem.reconciler.report.to", REPORT_TO);
        properties.put("spring.mail.host", smtp.host());
        properties.put("spring.mail.port", Integer.toString(smtp.port()));
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.autoconfigure.exclude", NOT_THIS_SERVICE);
        List<String> args = new ArrayList<>(List.of("run", "--email"));
        args.addAll(arguments(properties));
        return Tandem.run(args.toArray(String[]::new));
    }

    private static ConfigurableApplicationContext start(Class<?> application, Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("spring.config.location", configOf(application));
        all.put("server.port", "0");
        all.put("spring.main.banner-mode", "off");
        all.put("spring.main.log-startup-info", "false");
        all.putAll(properties);
        return new SpringApplicationBuilder(application).run(arguments(all).toArray(String[]::new));
    }

    private static List<String> arguments(Map<String, String> properties) {
        List<String> arguments = new ArrayList<>();
        properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments;
    }

    /**
     * The URL of the {@code application.yml} packaged with {@code application}. All three services
     * ship one at the root of their jar; on one classpath {@code classpath:application.yml} would be
     * whichever comes first, so each service is pointed at its own.
     */
    static String configOf(Class<?> application) {
        String home =
                application.getProtectionDomain().getCodeSource().getLocation().toString();
        try {
            for (URL candidate : Collections.list(application.getClassLoader().getResources("application.yml"))) {
                String url = candidate.toString();
                if (url.equals("jar:" + home + "!/application.yml") || url.equals(home + "application.yml")) {
                    return url;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No application.yml next to " + application.getName() + " in " + home);
    }
}
