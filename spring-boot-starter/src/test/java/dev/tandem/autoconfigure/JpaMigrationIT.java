package dev.tandem.autoconfigure;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.autoconfigure.app.CrashSafeSettings;
import dev.tandem.autoconfigure.app.Payment;
import dev.tandem.autoconfigure.app.PaymentRepository;
import dev.tandem.autoconfigure.app.PaymentsApplication;
import dev.tandem.core.Mutation;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.InstanceReport;
import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;
import dev.tandem.dualwrite.RetryTopic;
import dev.tandem.dualwrite.migration.GateSettings;
import dev.tandem.dualwrite.migration.Migration;
import dev.tandem.dualwrite.migration.MigrationControl;
import dev.tandem.dualwrite.migration.MigrationWriteRefusedException;
import dev.tandem.dualwrite.migration.PhaseChangeRefusedException;
import dev.tandem.dualwrite.outbox.Outbox;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A Spring Boot service writing through JPA (crash-safe mode) that follows a migration configured by
 * {@code tandem.dualwrite.migration.*} only: embedded MariaDB (its DataSource, the origin),
 * PostgreSQL (the target) and a real broker carrying the control topic, on which the test publishes
 * the phases as an operator would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JpaMigrationIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String migrationName = "jpa-" + run;
    private final String retryTopic = "tandem.retry.jpa." + run;
    private final String controlTopicName = "tandem.control.jpa." + run;
    private final DataSource primary = EmbeddedServices.mariaDb().dataSource("jpa_origin_" + run);
    private final DataSource secondary = EmbeddedServices.postgres().dataSource("jpa_target_" + run);
    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private ControlTopic control;
    private MigrationControl operator;
    private ConfigurableApplicationContext app;
    private PaymentRepository payments;
    private Migration instance;
    private long writtenInPrimaryOnly;
    private long dualWritten;
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeAll
    void startService() {
        execute(
                secondary,
                "CREATE TABLE payments (id BIGINT PRIMARY KEY, amount NUMERIC(12,2), currency VARCHAR(3),"
                        + " status VARCHAR(20), created_at TIMESTAMP(6), version BIGINT)");
        kafka.createTopic(retryTopic, 1);
        String[] settings = Stream.concat(
                        Stream.of(CrashSafeSettings.properties(
                                EmbeddedServices.mariaDb().jdbcUrl("jpa_origin_" + run),
                                EmbeddedServices.postgres().jdbcUrl("jpa_target_" + run),
                                kafka.bootstrapServers(),
                                retryTopic,
                                "target/spool-jpa-" + run,
                                "create",
                                // Only a hold's drain relays rows this young.
                                "1h")),
                        Stream.of(
                                "tandem.dualwrite.mode=INLINE",
                                "tandem.dualwrite.migration.enabled=true",
                                "tandem.dualwrite.migration.name=" + migrationName,
                                "tandem.dualwrite.migration.control-topic=" + controlTopicName,
                                "tandem.dualwrite.migration.instance=jpa-app",
                                "tandem.dualwrite.migration.state-directory=target/state-jpa-" + run,
                                "tandem.dualwrite.migration.max-write-hold=20s",
                                "tandem.dualwrite.migration.report-interval=300ms",
                                "tandem.dualwrite.migration.gates.retry-topics[0].topic=" + retryTopic,
                                "tandem.dualwrite.migration.gates.retry-topics[0].group=retry-jpa-" + run,
                                "tandem.dualwrite.migration.gates.require-reconcile=false"))
                .toArray(String[]::new);
        app = new SpringApplicationBuilder(PaymentsApplication.class)
                .properties(settings)
                .run();
        payments = app.getBean(PaymentRepository.class);
        instance = app.getBean(Migration.class);
        control = new ControlTopic(kafka.bootstrapServers(), controlTopicName, null, Map.of());
        operator = MigrationControl.connect(
                control,
                migrationName,
                new GateSettings(
                        List.of(new GateSettings.RetryTopic(retryTopic, "retry-jpa-" + run)),
                        List.of(),
                        0.001,
                        false,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(20)));
    }

    @AfterAll
    void stopService() {
        callers.shutdownNow();
        if (operator != null) {
            operator.close();
        }
        if (app != null) {
            app.close();
        }
        if (control != null) {
            control.close();
        }
    }

    @Test
    @Order(1)
    void theApplicationGetsAMigrationAndTheEndpointsControlFromConfigurationAlone() throws Exception {
        assertThat(instance.awaitCaughtUp(Duration.ofSeconds(20))).isTrue();
        assertThat(app.getBean(MigrationControl.class).state().migration()).isEqualTo(migrationName);
        MigrationEndpoint endpoint = app.getBean(MigrationEndpoint.class);
        Phase before = instance.state().phase();
        assertThat(endpoint.change(SecurityContext.NONE, "set", "PRIMARY_ONLY", null, null, null)
                        .getStatus())
                .as("a change without an authenticated caller")
                .isEqualTo(401);
        assertThat(endpoint.change(
                                MigrationEndpointAccessTest.caller("viewer", "USER"),
                                "set",
                                "PRIMARY_ONLY",
                                null,
                                null,
                                null)
                        .getStatus())
                .isEqualTo(403);
        assertThat(operator.state().phase()).as("nothing changed").isEqualTo(before);
        WebEndpointResponse<Map<String, Object>> operatorAbort = endpoint.change(
                MigrationEndpointAccessTest.caller("ops", "TANDEM_OPERATOR"), "abort", null, null, null, null);
        assertThat(operatorAbort.getStatus())
                .as("the operator's change reaches the migration, which refuses it")
                .isEqualTo(409);
        assertThat(operatorAbort.getBody().get("refused").toString()).contains("no cutover in progress");
        awaitTrue("the instance reports that it writes only the origin", () -> operator.instances().stream()
                .anyMatch(i -> i.instance().equals("jpa-app") && i.writesOnly() == Store.ORIGIN));
    }

    @Test
    @Order(2)
    void primaryOnlyLeavesTheSecondaryUntouchedAndDualWriteWritesIt() {
        operator.change(Phase.PRIMARY_ONLY, 0, "it", "before dual writes");
        awaitTrue("the instance follows PRIMARY_ONLY", () -> instance.state().phase() == Phase.PRIMARY_ONLY);
        Payment alone = payments.save(new Payment(new BigDecimal("11.00"), "EUR"));
        writtenInPrimaryOnly = alone.getId();
        assertThat(primaryValue("SELECT count(*) FROM tandem_outbox")).isEqualTo("0");

        operator.change(Phase.DUAL_WRITE, 0, "it", "dual writes on");
        awaitTrue("the instance follows DUAL_WRITE", () -> instance.state().phase() == Phase.DUAL_WRITE);
        Payment dual = payments.save(new Payment(new BigDecimal("22.00"), "EUR"));
        dualWritten = dual.getId();

        // A rolled-back transaction neither reaches the target nor keeps its permit (the hold below
        // would otherwise find a write still in flight).
        TransactionTemplate transaction = new TransactionTemplate(app.getBean(PlatformTransactionManager.class));
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    payments.save(new Payment(new BigDecimal("77.00"), "EUR"));
                    throw new IllegalStateException("the caller gives up");
                }))
                .hasMessage("the caller gives up");
        assertThat(primaryValue("SELECT count(*) FROM payments WHERE amount = 77.00"))
                .isEqualTo("0");
        assertThat(secondaryValue("SELECT count(*) FROM payments WHERE amount = 77.00"))
                .isEqualTo("0");

        // INLINE mode: the dual write is done when save returns.
        assertThat(secondaryValue("SELECT amount FROM payments WHERE id = " + dual.getId()))
                .isEqualTo("22.00");
        assertThat(secondaryValue("SELECT count(*) FROM payments WHERE id = " + alone.getId()))
                .isEqualTo("0");
        assertThat(secondaryValue("SELECT count(*) FROM tandem_fence WHERE row_key = 'id=" + alone.getId() + "'"))
                .isEqualTo("0");
        assertThat(primaryValue("SELECT count(*) FROM payments WHERE id = " + alone.getId()))
                .isEqualTo("1");
    }

    @Test
    @Order(3)
    void repositoryFindByIdIsShadowReadAndARowMissingOnTheTargetCountsAsAMismatch() {
        operator.change(Phase.SHADOW_READ, 100, "it", "shadow every read");
        awaitTrue("the instance follows SHADOW_READ", () -> instance.state().phase() == Phase.SHADOW_READ);
        long compared = instance.reads().compared();
        long mismatched = instance.reads().mismatched();
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        double mismatchMetric = meters.counter(DualWriteMetricNames.MIGRATION_SHADOW_READS, "outcome", "mismatch")
                .count();

        assertThat(payments.findById(dualWritten)).isPresent();
        // Written in PRIMARY_ONLY: on the origin only.
        assertThat(payments.findById(writtenInPrimaryOnly)).isPresent();
        assertThat(payments.findById(987_654L)).isEmpty();

        awaitTrue("two shadow reads compared", () -> instance.reads().compared() == compared + 2);
        assertThat(instance.reads().mismatched()).isEqualTo(mismatched + 1);
        assertThat(meters.counter(DualWriteMetricNames.MIGRATION_SHADOW_READS, "outcome", "mismatch")
                        .count())
                .isEqualTo(mismatchMetric + 1);
        operator.change(Phase.DUAL_WRITE, 0, "it", "shadow reads done");
        awaitTrue("the instance follows DUAL_WRITE", () -> instance.state().phase() == Phase.DUAL_WRITE);
    }

    @Test
    @Order(4)
    void aCutoverHoldMakesJpaWritesWaitDrainsTheOutboxAndReleasesThem() throws Exception {
        // A row a crash left in the outbox: only the hold's drain can relay it (relay age 1 h).
        Outbox outbox = app.getBean(Outbox.class);
        try (Connection connection = primary.getConnection()) {
            outbox.append(
                    connection,
                    Mutation.upsert("payments")
                            .key("id", 9001L)
                            .version(1)
                            .column("amount", new BigDecimal("90.01"))
                            .build(),
                    false);
        }
        PhaseState held = publish(Phase.CUTOVER, Store.ORIGIN, "hold for the test");
        awaitTrue("writes held", instance::writesHeld);

        long start = System.nanoTime();
        CompletableFuture<Payment> waiting = CompletableFuture.supplyAsync(
                () -> payments.save(new Payment(new BigDecimal("33.00"), "EUR")), callers);
        awaitTrue("the instance acknowledges the hold", () -> ack(held.epoch()) != null);
        // Drained, then verified: the row written in PRIMARY_ONLY is not on the target (a backfill's job),
        // and the hold's check of the rows written since the last reconcile finds exactly that one.
        InstanceReport.HoldAck ack = ack(held.epoch());
        assertThat(ack.ready()).isFalse();
        assertThat(ack.problem()).isEqualTo("1 of 2 rows written since the last reconcile differ between the stores");
        assertThat(ack.differingKeys()).containsExactly("payments {id=" + writtenInPrimaryOnly + "}");
        assertThat(primaryValue("SELECT count(*) FROM tandem_outbox")).isEqualTo("0");
        assertThat(RetryTopic.readAll(kafka.bootstrapServers(), retryTopic).stream()
                        .map(r -> new String(r.key(), StandardCharsets.UTF_8)))
                .anyMatch(key -> key.contains("9001"));
        Thread.sleep(1_000);
        assertThat(waiting).as("a JPA write while writes are held").isNotDone();
        assertThat(primaryValue("SELECT count(*) FROM payments WHERE amount = 33.00"))
                .isEqualTo("0");

        publish(Phase.DUAL_WRITE, Store.ORIGIN, "release (abort) for the test");
        Payment released = waiting.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(1));
        assertThat(secondaryValue("SELECT amount FROM payments WHERE id = " + released.getId()))
                .isEqualTo("33.00");
        assertThat(instance.lastWriteHoldMillis()).isGreaterThanOrEqualTo(1_000);
    }

    @Test
    @Order(5)
    void theCutoverIsRefusedWhileAJpaInstanceBoundToTheOriginIsLive() {
        operator.change(Phase.SHADOW_READ, 10, "it", "shadow");
        operator.change(Phase.READ_SECONDARY, 100, "it", "read the target");
        awaitTrue("the instance follows READ_SECONDARY", () -> instance.state().phase() == Phase.READ_SECONDARY);
        PhaseState before = operator.state();

        assertThatThrownBy(() -> operator.cutover("it", "try"))
                .isInstanceOf(PhaseChangeRefusedException.class)
                .hasMessageContaining("cutover refused, nothing changed")
                .hasMessageContaining("instance jpa-app writes only the ORIGIN (JPA, bound at start-up)"
                        + " and cannot follow the roles to the TARGET: redeploy it first with its DataSource on the"
                        + " TARGET and tandem.dualwrite.migration.store=TARGET");
        assertThat(operator.state()).isEqualTo(before);
        assertThat(instance.writesHeld()).isFalse();
    }

    @Test
    @Order(6)
    void onceReversedAJpaInstanceBoundToTheOriginRefusesWritesInsteadOfWritingTheOldPrimary() throws Exception {
        // As if the roles were swapped regardless (a coordinator of an older version, or a hand-made change).
        publish(Phase.CUTOVER, Store.ORIGIN, "hold");
        awaitTrue("writes held", instance::writesHeld);
        CompletableFuture<Payment> waiting = CompletableFuture.supplyAsync(
                () -> payments.save(new Payment(new BigDecimal("44.00"), "EUR")), callers);
        Thread.sleep(500);
        assertThat(waiting).isNotDone();
        publish(Phase.REVERSED, Store.TARGET, "swapped");

        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).satisfies(e -> assertThat(root(e))
                .isInstanceOf(MigrationWriteRefusedException.class)
                .hasMessageContaining("is REVERSED primary=TARGET")
                .hasMessageContaining("this instance writes only the ORIGIN"));
        assertThatThrownBy(() -> payments.save(new Payment(new BigDecimal("55.00"), "EUR")))
                .satisfies(e -> assertThat(root(e)).isInstanceOf(MigrationWriteRefusedException.class));
        assertThat(primaryValue("SELECT count(*) FROM payments WHERE amount IN (44.00, 55.00)"))
                .isEqualTo("0");
        assertThat(secondaryValue("SELECT count(*) FROM payments WHERE amount IN (44.00, 55.00)"))
                .isEqualTo("0");
        assertThat(primaryValue("SELECT count(*) FROM tandem_outbox")).isEqualTo("0");
        // Reads still work: only writes are refused.
        assertThat(payments.count()).isGreaterThanOrEqualTo(3);
    }

    private PhaseState publish(Phase phase, Store primaryStore, String reason) {
        PhaseState current = operator.state();
        PhaseState next = current.next(phase, 0, primaryStore, "it", Instant.now(), reason);
        control.publish("phase/" + migrationName, next);
        awaitTrue("the operator sees " + next.describe(), () -> operator.state().epoch() == next.epoch());
        return next;
    }

    private InstanceReport.HoldAck ack(long epoch) {
        return operator.instances().stream()
                .filter(i -> i.instance().equals("jpa-app"))
                .map(InstanceReport::hold)
                .filter(h -> h != null && h.epoch() == epoch)
                .findFirst()
                .orElse(null);
    }

    private static Throwable root(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private String primaryValue(String sql) {
        return value(primary, sql);
    }

    private String secondaryValue(String sql) {
        return value(secondary, sql);
    }

    private static String value(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Timed out after 30 s waiting for: " + what);
    }
}
