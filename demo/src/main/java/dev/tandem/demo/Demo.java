package dev.tandem.demo;

import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.store.RunStore;
import dev.tandem.retry.dlt.DeadLetterFilter;
import dev.tandem.retry.dlt.DeadLetterTopic;
import dev.tandem.retry.lag.LagMonitor;
import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedMariaDb;
import dev.tandem.testkit.EmbeddedPostgreSql;
import dev.tandem.testkit.EmbeddedServices;
import dev.tandem.testkit.EmbeddedSmtp;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The whole platform in one process on embedded services: the example payments service dual-writes
 * from MariaDB to PostgreSQL under steady traffic; PostgreSQL goes away for a while and the writes
 * are handed to the retry topic; the retry consumer drains the backlog once it is back; the
 * reconciler compares both stores and mails its report, which is also written to {@code
 * demo/target/tandem-report.html} (its path printed). Exits 0 when every write is accounted for
 * and the stores agree, 1 otherwise.
 */
public final class Demo {

    private static final Logger log = LoggerFactory.getLogger(Demo.class);

    static final String RETRY_TOPIC = "tandem.retry";
    static final int CUSTOMERS = 4;
    static final double WRITES_PER_SECOND = 150;
    static final Duration DRAIN_BOUND = Duration.ofSeconds(120);

    private final Timeline timeline;
    private final long started = System.nanoTime();
    private final List<String> problems = new ArrayList<>();

    /**
     * How long each part of the story lasts.
     *
     * @param warmUp the first calls, not counted in the latencies
     * @param healthy from the first call until PostgreSQL is stopped (the warm-up included)
     * @param outage how long PostgreSQL stays stopped
     * @param after how long the calls go on once PostgreSQL is back
     */
    record Timeline(Duration warmUp, Duration healthy, Duration outage, Duration after) {

        /** The demo's: long enough for the circuit breaker to open and close again. */
        static final Timeline DEMO = new Timeline(
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(10));
    }

    Demo(Timeline timeline) {
        this.timeline = timeline;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new Demo(Timeline.DEMO).run();
        } catch (Throwable e) {
            log.error("The demo failed", e);
            status = 2;
        }
        System.exit(status);
    }

    /** Plays the demo; returns 0 when every check passed, 1 otherwise. */
    int run() throws Exception {
        log.info("Tandem demo: a payments service migrating from MySQL (MariaDB here) to PostgreSQL with dual writes.");
        log.info("Starting the embedded services (the first run downloads and unpacks their binaries) ...");
        CompletableFuture<EmbeddedMariaDb> mariaDb = CompletableFuture.supplyAsync(EmbeddedServices::mariaDb);
        CompletableFuture<EmbeddedPostgreSql> postgresFuture =
                CompletableFuture.supplyAsync(EmbeddedServices::postgres);
        CompletableFuture<EmbeddedKafka> kafkaFuture = CompletableFuture.supplyAsync(EmbeddedServices::kafka);
        EmbeddedSmtp smtp = EmbeddedServices.smtp();
        EmbeddedDatabase primary = mariaDb.join();
        EmbeddedPostgreSql postgres = postgresFuture.join();
        EmbeddedKafka kafka = kafkaFuture.join();
        kafka.createTopic(RETRY_TOPIC, EmbeddedKafka.DEFAULT_PARTITIONS);
        log.info("  primary    MariaDB     127.0.0.1:{}", primary.port());
        log.info("  secondary  PostgreSQL  127.0.0.1:{}", postgres.port());
        log.info("  Kafka      KRaft       {}  (retry topic '{}' created)", kafka.bootstrapServers(), RETRY_TOPIC);
        log.info("  SMTP       GreenMail   127.0.0.1:{}", smtp.port());

        DataSource primaryData = primary.dataSource(Platform.DATABASE);
        DataSource secondaryData = postgres.dataSource(Platform.DATABASE);
        new ResourceDatabasePopulator(new ClassPathResource("db/primary/schema.sql")).execute(primaryData);
        new ResourceDatabasePopulator(new ClassPathResource("db/secondary/schema.sql")).execute(secondaryData);
        log.info("Created the payments table in both stores (the example's db/primary and db/secondary scripts).");

        Platform platform = new Platform(primary, postgres, kafka, smtp, EmbeddedServices.workDirectory());
        log.info("Starting the retry consumer and the payments service ...");
        try (ConfigurableApplicationContext consumer = platform.startRetryConsumer();
                ConfigurableApplicationContext payments = platform.startPayments()) {
            int port = ((WebServerApplicationContext) payments).getWebServer().getPort();
            log.info(
                    "  payments service   http://127.0.0.1:{}/payments (its application.yml plus the addresses above)",
                    port);
            int consumerPort =
                    ((WebServerApplicationContext) consumer).getWebServer().getPort();
            log.info("  retry consumer     http://127.0.0.1:{}/actuator/retrylag", consumerPort);
            log.info(
                    "                     http://127.0.0.1:{}/actuator/retrydlt needs user operator and the password"
                            + " in {} ({})",
                    consumerPort,
                    Platform.PASSWORD_VARIABLE,
                    System.getenv(Platform.PASSWORD_VARIABLE) == null
                            ? "unset: made up for this run, shown nowhere"
                            : "set");
            Story story = new Story(
                    timeline,
                    postgres,
                    payments.getBean(MeterRegistry.class),
                    consumer.getBean(MeterRegistry.class),
                    consumer.getBean(LagMonitor.class));
            Traffic traffic = new Traffic(port, CUSTOMERS, WRITES_PER_SECOND);
            Duration drainedAfter = story.play(traffic);

            log.info("");
            log.info("Running the reconciler: run --email (compares payments in both stores, mails the report)");
            System.out.println("----------------------------------------------------------------------");
            int reconcilerStatus = platform.runReconciler();
            System.out.println("----------------------------------------------------------------------");
            RunRecord run = new RunStore(secondaryData).latest(1).get(0);
            Optional<MimeMessage> mailed = reportMailed(smtp);
            if (mailed.isPresent()) {
                log.info(
                        "Report mailed to {}: \"{}\"",
                        Platform.REPORT_TO,
                        mailed.get().getSubject());
                Path report = MailedReport.write(mailed.get(), MailedReport.directory());
                System.out.println("The mailed report, to open in a browser: " + report);
            } else {
                problems.add("no report reached " + Platform.REPORT_TO + " within 30 s");
            }

            Figures figures = story.figures();
            long deadLettersOnTopic = consumer.getBean(DeadLetterTopic.class)
                    .summary(DeadLetterFilter.ALL)
                    .total();
            check(reconcilerStatus == 0, "the reconciler exited " + reconcilerStatus);
            check(run.confirmed() == 0, "the reconciler confirmed " + run.confirmed() + " differences");
            check(traffic.errors() == 0, traffic.errors() + " calls failed, the first: " + traffic.firstError());
            check(figures.handedOff() > 0, "the outage handed nothing to the retry topic");
            check(drainedAfter != null, "the retry topic was not drained within " + DRAIN_BOUND.toSeconds() + " s");
            check(
                    figures.direct() + figures.handedOff() == traffic.writes(),
                    "writes " + traffic.writes() + " != applied directly " + figures.direct() + " + handed off "
                            + figures.handedOff());
            check(
                    figures.consumed() == figures.handedOff(),
                    "the retry consumer took " + figures.consumed() + " records, " + figures.handedOff()
                            + " were handed off");
            check(figures.deadLettered() == 0 && deadLettersOnTopic == 0, "records were dead-lettered");
            long primaryRows = count(primaryData);
            long secondaryRows = count(secondaryData);
            check(primaryRows == secondaryRows, "primary has " + primaryRows + " rows, secondary " + secondaryRows);

            summary(traffic, figures, story, drainedAfter, run, mailed.isPresent(), primaryRows, secondaryRows);
        }
        return problems.isEmpty() ? 0 : 1;
    }

    private void summary(
            Traffic traffic,
            Figures figures,
            Story story,
            Duration drainedAfter,
            RunRecord run,
            boolean mailed,
            long primaryRows,
            long secondaryRows) {
        log.info("");
        log.info("======================================== Summary ========================================");
        line(
                "Writes through the payments service",
                "%,d in %d s  (%,d authorized, %,d captured, %,d refunded, %,d voided); %,d failed",
                traffic.writes(),
                traffic.duration().toSeconds(),
                traffic.writes(Traffic.Kind.AUTHORIZE),
                traffic.writes(Traffic.Kind.CAPTURE),
                traffic.writes(Traffic.Kind.REFUND),
                traffic.writes(Traffic.Kind.VOID),
                traffic.errors());
        line(
                "Caller latency p50 / p99",
                "%s; %s; %s",
                latency(traffic, Story.HEALTHY),
                latency(traffic, Story.DOWN),
                latency(traffic, Story.BACK));
        line("Applied directly to PostgreSQL", "%,d", figures.direct());
        line(
                "Handed off to the retry topic",
                "%,d  (%s)",
                figures.handedOff(),
                figures.handedOffByReason().entrySet().stream()
                        .map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
        line(
                "Consumed by the retry consumer",
                "%,d records: %,d written, %,d stale (a newer write of the same row came in the same batch"
                        + " or was there already), %,d duplicate",
                figures.consumed(),
                figures.consumedApplied(),
                figures.consumedStale(),
                figures.consumedDuplicate());
        line("Dead-lettered", "%,d", figures.deadLettered());
        line(
                "Retry topic lag, peak",
                "%,d records, oldest write %.1f s; drained %s",
                story.peakLagRecords(),
                story.peakLagSeconds(),
                drainedAfter == null
                        ? "NOT within " + DRAIN_BOUND.toSeconds() + " s"
                        : "by " + drainedAfter.toSeconds() + " s after PostgreSQL returned");
        line(
                "Reconciler",
                "%,d rows compared, %,d differences confirmed, %,d in flight: %s; report %s",
                run.rowsCompared(),
                run.confirmed(),
                run.inFlight(),
                run.verdict(),
                mailed ? "mailed to " + Platform.REPORT_TO : "NOT mailed");
        line("Rows", "primary %,d, secondary %,d", primaryRows, secondaryRows);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        if (problems.isEmpty()) {
            log.info(
                    "Result: OK: every write reached PostgreSQL and the stores agree ({} min {} s in all)",
                    seconds / 60,
                    seconds % 60);
        } else {
            problems.forEach(p -> log.error("Problem: {}", p));
            log.error("Result: FAILED ({} problems)", problems.size());
        }
    }

    private static String latency(Traffic traffic, String phase) {
        Traffic.Latencies calls = traffic.latencies(phase);
        return String.format("%s %.1f / %.1f ms", phase, calls.millis(0.5), calls.millis(0.99));
    }

    private static void line(String label, String format, Object... values) {
        log.info(String.format("%-38s %s", label, String.format(format, values)));
    }

    private void check(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
    }

    /** The report mailed to {@link Platform#REPORT_TO}, if one arrived. */
    private static Optional<MimeMessage> reportMailed(EmbeddedSmtp smtp) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            for (MimeMessage message : smtp.receivedMessages()) {
                Address[] to = message.getAllRecipients();
                if (to != null && Arrays.stream(to).anyMatch(a -> a.toString().equals(Platform.REPORT_TO))) {
                    return Optional.of(message);
                }
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    private static long count(DataSource store) throws SQLException {
        try (Connection connection = store.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM payments")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
