package dev.tandem.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.compare.ColumnOptions;
import dev.tandem.core.config.Redaction;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.mapping.MappingException;
import dev.tandem.core.mapping.MappingProperties;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.pace.Busy;
import dev.tandem.core.pace.BusyProbe;
import dev.tandem.core.pace.Throttle;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.distributed.ReconcileCoordinator;
import dev.tandem.reconcile.metrics.ReconcilerMetrics;
import dev.tandem.reconcile.migration.PhaseDirection;
import dev.tandem.reconcile.migration.VerdictProperties;
import dev.tandem.reconcile.migration.VerdictPublisher;
import dev.tandem.reconcile.pending.PendingKeys;
import dev.tandem.reconcile.repair.RepairPlanner;
import dev.tandem.reconcile.repair.RepairPublisher;
import dev.tandem.reconcile.report.ReportMailer;
import dev.tandem.reconcile.run.Reconciler;
import dev.tandem.reconcile.run.ReconcilerConfig;
import dev.tandem.reconcile.run.RunSides;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.store.RunStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

/** Wires the reconciler from {@code tandem.reconciler.*}, checking the configuration first. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ReconcilerProperties.class, MappingProperties.class})
public class ReconcilerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    @Qualifier("primary")
    HikariDataSource reconcilerPrimary(ReconcilerProperties properties) {
        return StoreTimeZone.requireUtc(
                "tandem.reconciler.primary.url",
                dataSource("tandem.reconciler.primary", properties.primary(), "tandem-reconciler-primary"));
    }

    @Bean(destroyMethod = "close")
    @Qualifier("secondary")
    HikariDataSource reconcilerSecondary(ReconcilerProperties properties) {
        return StoreTimeZone.requireUtc(
                "tandem.reconciler.secondary.url",
                dataSource("tandem.reconciler.secondary", properties.secondary(), "tandem-reconciler-secondary"));
    }

    @Bean
    RunStore runStore(ReconcilerProperties properties, @Qualifier("secondary") HikariDataSource secondary)
            throws SQLException {
        RunStore store = properties.store() == null || properties.store().url() == null
                ? new RunStore(secondary)
                : new RunStore(StoreTimeZone.requireUtc(
                        "tandem.reconciler.store.url",
                        dataSource("tandem.reconciler.store", properties.store(), "tandem-reconciler-store")));
        store.create();
        return store;
    }

    /**
     * A pool on the run store alone, for a process that reads only runs ({@code tandem runs}, {@code
     * show}): {@code tandem.reconciler.store}, or else the secondary, where runs are kept by default.
     */
    public static HikariDataSource runStoreDataSource(ReconcilerProperties properties) {
        boolean own = properties.store() != null && properties.store().url() != null;
        String key = own ? "tandem.reconciler.store" : "tandem.reconciler.secondary";
        return StoreTimeZone.requireUtc(
                key + ".url",
                dataSource(key, own ? properties.store() : properties.secondary(), key.replace('.', '-')));
    }

    /** The schema mapping, checked against both stores at start-up. */
    @Bean
    SchemaMapping schemaMapping(
            MappingProperties mapping,
            @Qualifier("primary") HikariDataSource primary,
            @Qualifier("secondary") HikariDataSource secondary)
            throws SQLException {
        SchemaMapping schemaMapping = mapping.toSchemaMapping();
        if (!schemaMapping.tables().isEmpty()) {
            try (Connection p = primary.getConnection();
                    Connection s = secondary.getConnection()) {
                schemaMapping.validate(p, s);
            } catch (MappingException e) {
                throw new InvalidConfigurationPropertyValueException("tandem.mapping.tables", "…", e.getMessage());
            }
        }
        return schemaMapping;
    }

    /**
     * The meters, restored from the run store: the last run's time and verdict and each configured
     * table's latest differences survive a restart (the overdue and differences alerts rely on them).
     */
    @Bean
    ReconcilerMetrics reconcilerMetrics(MeterRegistry registry, RunStore store, ReconcilerProperties properties)
            throws SQLException {
        ReconcilerMetrics metrics = new ReconcilerMetrics(registry);
        List<String> tables = properties.tables().stream()
                .map(ReconcilerProperties.Table::name)
                .toList();
        metrics.restore(store.lastFinished(), store.latestComparisons(tables));
        return metrics;
    }

    @Bean
    Reconciler reconciler(
            ReconcilerProperties properties,
            @Qualifier("primary") HikariDataSource primary,
            @Qualifier("secondary") HikariDataSource secondary,
            RunStore store,
            ReconcilerMetrics metrics,
            KafkaProperties kafkaProperties,
            ObjectProvider<SslBundles> sslBundles,
            Environment environment,
            ObjectProvider<VerdictPublisher> verdicts,
            SchemaMapping mapping,
            ObjectProvider<VerdictProperties> migration,
            ObjectProvider<ControlTopic> control,
            ObjectProvider<ReconcileCoordinator> distributed,
            Clock clock) {
        ReconcilerKafka kafka = environment.containsProperty("spring.kafka.bootstrap-servers")
                ? new ReconcilerKafka(kafkaProperties, sslBundles.getIfAvailable())
                : null;
        RunSides forward = sides(
                properties,
                primary,
                secondary,
                properties.retryTopic(),
                properties.retryConsumerGroup(),
                kafka,
                metrics,
                mapping);
        RunSides.Chooser chooser = null;
        VerdictProperties followed = migration.getIfAvailable();
        if (followed != null && followed.name() != null && !followed.name().isBlank()) {
            // The same stores, the roles swapped: the target is compared as the primary and repaired from.
            // A schema mapping is one-way (origin names and types to the target's): none then.
            RunSides reversed = !mapping.tables().isEmpty()
                    ? null
                    : sides(
                            properties,
                            secondary,
                            primary,
                            reverse(
                                    followed.reverseRetryTopic(),
                                    properties.retryTopic() + ".reverse",
                                    properties.retryTopic(),
                                    "tandem.reconciler.migration.reverse-retry-topic"),
                            reverse(
                                    followed.reverseRetryConsumerGroup(),
                                    properties.retryConsumerGroup() + "-reverse",
                                    properties.retryConsumerGroup(),
                                    "tandem.reconciler.migration.reverse-retry-consumer-group"),
                            kafka,
                            metrics,
                            SchemaMapping.NONE);
            chooser = new PhaseDirection(control.getObject(), followed.name(), forward, reversed);
        }
        return new Reconciler(ReconcilerConfig.custom()
                .tables(tableSpecs(properties))
                .sides(forward)
                .chooser(chooser)
                .store(store)
                .repairVerifyTimeout(properties.repairVerifyTimeout())
                .incremental(new Reconciler.Incremental(properties.incrementalOverlap(), properties.fullRunEvery()))
                .samplesPerTable(properties.samplesPerTable())
                .listener(run -> {
                    metrics.finished(run);
                    verdicts.ifAvailable(verdict -> verdict.finished(run));
                })
                .clock(clock)
                .comparer(distributed.getIfAvailable())
                .abandonedAfter(properties.abandonedAfter())
                .build());
    }

    /** Compares {@code primary} with {@code secondary}; pending keys and repairs on {@code retryTopic} (with Kafka). */
    private static RunSides sides(
            ReconcilerProperties properties,
            HikariDataSource primary,
            HikariDataSource secondary,
            String retryTopic,
            String retryGroup,
            ReconcilerKafka kafka,
            ReconcilerMetrics metrics,
            SchemaMapping mapping) {
        Optional<PendingKeys> pending = kafka != null
                ? Optional.of(new PendingKeys(
                        () -> kafka.pendingConsumer(retryGroup), retryTopic, properties.pendingScanLimit()))
                : Optional.empty();
        Optional<RepairPublisher> publisher =
                kafka != null ? Optional.of(new RepairPublisher(kafka::repairProducer, retryTopic)) : Optional.empty();
        return new RunSides(
                null,
                comparison(properties, primary, secondary, metrics, mapping),
                pending,
                new RepairPlanner(
                        primary,
                        secondary,
                        SecondaryStore.fenced(secondary)
                                .fenceTable(properties.fenceTable())
                                .statementTimeout(Duration.ofSeconds(30))
                                .mapping(mapping)
                                .urlSetting("tandem.reconciler.secondary.url")
                                .build(),
                        mapping),
                publisher);
    }

    /**
     * The comparison of {@code primary} with {@code secondary} as configured: settle window, differences
     * kept, and paced to the rate limit and the busy pause.
     */
    static TableReconciliation comparison(
            ReconcilerProperties properties,
            HikariDataSource primary,
            HikariDataSource secondary,
            ReconcilerMetrics metrics,
            SchemaMapping mapping) {
        Busy busy = properties.busy();
        return new TableReconciliation(
                        primary, secondary, properties.settle(), properties.maxDifferences(), metrics, mapping)
                .paced(new Throttle(
                        "reconcile",
                        BusyProbe.of(primary),
                        busy.maxActiveQueries(),
                        busy.pause(),
                        properties.maxRowsPerSecond()));
    }

    private static String reverse(String configured, String fallback, String forward, String key) {
        String reverse = configured == null || configured.isBlank() ? fallback : configured;
        if (reverse.equals(forward)) {
            throw new InvalidConfigurationPropertyValueException(
                    key, reverse, "Must differ from the forward one: writes into the origin have their own");
        }
        return reverse;
    }

    @Bean
    ReconcilerService reconcilerService(
            ReconcilerProperties properties,
            Reconciler reconciler,
            RunStore store,
            ObjectProvider<JavaMailSender> mailSender) {
        ReconcilerProperties.Report report = properties.report();
        JavaMailSender sender = mailSender.getIfAvailable();
        if (!report.to().isEmpty() && sender == null) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.reconciler.report.to",
                    report.to(),
                    "Reports are mailed through spring.mail.host, which is not set");
        }
        Optional<ReportMailer> mailer = sender == null
                ? Optional.empty()
                : Optional.of(new ReportMailer(sender, report.from(), report.to(), report.subjectPrefix()));
        return new ReconcilerService(reconciler, store, mailer, report.trendRuns());
    }

    /** The daily run, when enabled (the command line disables it). */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler reconcilerSchedule(ReconcilerProperties properties, ReconcilerService service) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("tandem-reconcile-schedule-");
        scheduler.initialize();
        ReconcilerProperties.Schedule schedule = properties.schedule();
        if (!CronExpression.isValidExpression(schedule.cron())) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.reconciler.schedule.cron",
                    schedule.cron(),
                    "Not a cron expression: six fields, second minute hour day month weekday, e.g. 0 0 6 * * *");
        }
        if (schedule.enabled()) {
            scheduler.schedule(service::scheduledRun, new CronTrigger(schedule.cron(), schedule.zone()));
        }
        return scheduler;
    }

    /** The configured tables as specs, checked (names, tolerances), naming the key at fault. */
    public static List<TableSpec> tableSpecs(ReconcilerProperties properties) {
        if (properties.tables().isEmpty()) {
            throw new InvalidConfigurationPropertyValueException(
                    "tandem.reconciler.tables",
                    "[]",
                    "Configure at least one table to reconcile (name, key-columns …)");
        }
        List<TableSpec> specs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < properties.tables().size(); i++) {
            ReconcilerProperties.Table table = properties.tables().get(i);
            String key = "tandem.reconciler.tables[" + i + "]";
            if (table.name() == null || table.name().isBlank()) {
                throw new InvalidConfigurationPropertyValueException(
                        key + ".name", table.name(), "A table needs a name");
            }
            if (!names.add(table.name().toLowerCase(Locale.ROOT))) {
                throw new InvalidConfigurationPropertyValueException(
                        key + ".name", table.name(), "Table '" + table.name() + "' is configured twice");
            }
            Map<String, ColumnOptions> options = new HashMap<>();
            Set<String> columns = new HashSet<>(table.maskedColumns());
            columns.addAll(table.floatTolerance().keySet());
            for (String column : columns) {
                double tolerance = table.floatTolerance().getOrDefault(column, 0.0);
                try {
                    options.put(
                            column,
                            new ColumnOptions(tolerance, table.maskedColumns().contains(column)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfigurationPropertyValueException(
                            key + ".float-tolerance." + column, tolerance, e.getMessage());
                }
            }
            specs.add(new TableSpec(
                    table.name(),
                    table.keyColumns(),
                    Set.copyOf(table.ignoredColumns()),
                    options,
                    table.versionColumn(),
                    table.updatedAtColumn()));
        }
        return specs;
    }

    private static HikariDataSource dataSource(String key, ReconcilerProperties.Database database, String pool) {
        if (database == null || database.url() == null || database.url().isBlank()) {
            throw new InvalidConfigurationPropertyValueException(
                    key + ".url", database == null ? null : database.url(), "Set the JDBC URL of this store");
        }
        if (!database.url().startsWith("jdbc:mysql:")
                && !database.url().startsWith("jdbc:mariadb:")
                && !database.url().startsWith("jdbc:postgresql:")) {
            throw new InvalidConfigurationPropertyValueException(
                    key + ".url",
                    Redaction.url(database.url()),
                    "Tandem reads MySQL/MariaDB (jdbc:mysql:) and PostgreSQL (jdbc:postgresql:)");
        }
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.url());
        dataSource.setUsername(database.username());
        dataSource.setPassword(database.password());
        dataSource.setMaximumPoolSize(Math.max(4, database.maximumPoolSize()));
        dataSource.setConnectionTimeout(10_000);
        dataSource.setPoolName(pool);
        return dataSource;
    }
}
