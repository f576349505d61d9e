package dev.tandem.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.autoconfigure.app.Customer;
import dev.tandem.autoconfigure.app.CustomerRepository;
import dev.tandem.autoconfigure.app.Payment;
import dev.tandem.autoconfigure.app.PaymentRepository;
import dev.tandem.autoconfigure.app.PaymentsApplication;
import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.core.codec.RetryHeaders;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.RetryTopic;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedPostgreSql;
import dev.tandem.testkit.EmbeddedServices;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A Spring Boot service writing through JPA and Spring Data to an embedded MariaDB primary, with the
 * library added by configuration only: a PostgreSQL secondary and a real Kafka broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JpaDualWriteIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "tandem.retry." + run;
    private final EmbeddedPostgreSql postgres = EmbeddedServices.postgres();
    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private DataSource secondary;
    private ConfigurableApplicationContext app;
    private PaymentRepository payments;
    private DualWriter writer;

    @BeforeAll
    void startService() {
        String secondaryDb = "payments_secondary_" + run;
        secondary = postgres.dataSource(secondaryDb);
        execute("CREATE TABLE payments (id BIGINT PRIMARY KEY, amount NUMERIC(12,2), currency VARCHAR(3),"
                + " status VARCHAR(20), created_at TIMESTAMP(6), version BIGINT)");
        execute("CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100), updated_at TIMESTAMP(6))");
        kafka.createTopic(topic, 3);
        app = new SpringApplicationBuilder(PaymentsApplication.class)
                .properties(
                        "spring.main.banner-mode=off",
                        "spring.datasource.url=" + EmbeddedServices.mariaDb().jdbcUrl("payments_primary_" + run),
                        "spring.datasource.username=root",
                        "spring.jpa.hibernate.ddl-auto=create",
                        // Through Connector/J, MariaDB 11 reports itself as MySQL 11; tell Hibernate.
                        "spring.jpa.database-platform=org.hibernate.dialect.MariaDBDialect",
                        "spring.jpa.open-in-view=false",
                        "tandem.dualwrite.secondary.url=" + postgres.jdbcUrl(secondaryDb),
                        "tandem.dualwrite.secondary.username=postgres",
                        "tandem.dualwrite.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "tandem.dualwrite.kafka.topic=" + topic,
                        "tandem.dualwrite.kafka.max-block=500ms",
                        "tandem.dualwrite.kafka.delivery-timeout=3s",
                        "tandem.dualwrite.spool.directory=target/spool-" + run,
                        // Deliberately short: the outage tests stop PostgreSQL and expect the writes on
                        // Kafka at once (a timed-out request is handed off, never lost).
                        "tandem.dualwrite.secondary.connection-timeout=500ms",
                        "tandem.dualwrite.circuit-breaker.minimum-number-of-calls=3",
                        "tandem.dualwrite.circuit-breaker.sliding-window-size=10",
                        "tandem.dualwrite.circuit-breaker.wait-in-open-state=60s",
                        "tandem.dualwrite.tables[0].name=customers",
                        "tandem.dualwrite.tables[0].version-column=updated_at")
                .run();
        payments = app.getBean(PaymentRepository.class);
        writer = app.getBean(DualWriter.class);
    }

    @AfterAll
    void stopService() {
        if (app != null) {
            app.close();
        }
        postgres.start();
        kafka.start();
    }

    @Test
    @Order(1)
    void savedUpdatedAndDeletedEntitiesReachTheSecondary() {
        Payment kept = payments.save(new Payment(new BigDecimal("19.90"), "EUR"));
        Payment settled = payments.findById(kept.getId()).orElseThrow();
        settled.settle();
        payments.save(settled);
        Payment removed = payments.save(new Payment(new BigDecimal("5.00"), "USD"));
        payments.delete(payments.findById(removed.getId()).orElseThrow());
        app.getBean(CustomerRepository.class).save(new Customer(7L, "Ana"));

        awaitTrue("payment " + kept.getId() + " settled on the secondary", () -> "SETTLED"
                .equals(secondaryValue("SELECT status FROM payments WHERE id = " + kept.getId())));
        awaitTrue("customer 7 on the secondary", () -> "Ana"
                .equals(secondaryValue("SELECT name FROM customers WHERE id = 7")));
        awaitTrue(
                "payment " + removed.getId() + " deleted on the secondary",
                () -> secondaryValue("SELECT id FROM payments WHERE id = " + removed.getId()) == null
                        && "v0 deleted"
                                .equals(secondaryValue(
                                        "SELECT 'v' || version || CASE WHEN deleted THEN ' deleted' ELSE '' END"
                                                + " FROM tandem_fence WHERE table_name = 'payments' AND row_key = 'id="
                                                + removed.getId() + "'")));
        assertThat(secondaryValue(
                        "SELECT amount || ' ' || currency || ' v' || version || ' ' || created_at FROM payments WHERE id = "
                                + kept.getId()))
                .isEqualTo("19.90 EUR v1 2026-11-21 12:00:00.123456");
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        // Five writes, each timed with its outcome once its batch returned (just after its rows became
        // visible). Writes of one row that meet in one async batch leave one APPLIED and the older ones
        // STALE, so the three rows give at least three APPLIED, however the writes were batched.
        awaitTrue("all 5 writes timed with their outcome: " + outcomes(meters), () -> timed(meters) >= 5);
        assertThat(meters.get(DualWriteMetricNames.APPLY)
                        .tag("outcome", "APPLIED")
                        .timer()
                        .count())
                .as(outcomes(meters).toString())
                .isGreaterThanOrEqualTo(3);
        assertThat(meters.get(DualWriteMetricNames.BREAKER_STATE)
                        .tag("name", "tandem-secondary")
                        .tag("state", "closed")
                        .gauge()
                        .value())
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void rolledBackWorkReachesNeitherTheSecondaryNorTheTopic() throws Exception {
        TransactionTemplate transaction = app.getBean(TransactionTemplate.class);
        List<Long> ids = new ArrayList<>();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                    ids.add(payments.save(new Payment(new BigDecimal("666.00"), "EUR"))
                            .getId());
                    throw new IllegalStateException("the caller changes its mind");
                }))
                .hasMessageContaining("changes its mind");
        Payment committed = payments.save(new Payment(new BigDecimal("1.00"), "EUR"));
        awaitTrue(
                "a later payment on the secondary",
                () -> secondaryValue("SELECT id FROM payments WHERE id = " + committed.getId()) != null);

        assertThat(payments.findById(ids.get(0))).isEmpty();
        assertThat(secondaryValue("SELECT count(*) FROM payments WHERE amount = 666.00"))
                .isEqualTo("0");
        assertThat(keysOnTopic()).doesNotContain("payments/id=" + ids.get(0));
    }

    @Test
    @Order(3)
    void withTheSecondaryStoppedWritesSucceedAndGoToTheRetryTopicAndTheBreakerOpens() {
        postgres.stop();
        List<Long> ids = new ArrayList<>();
        try {
            // Failed applies (one per batch) open the breaker; write until it has, at most 200 writes.
            for (int i = 0; i < 200 && (i < 20 || !writer.isCircuitOpen()); i++) {
                ids.add(payments.save(new Payment(new BigDecimal(i + ".50"), "EUR"))
                        .getId());
                sleep(50);
            }
            Long afterOpening =
                    payments.save(new Payment(new BigDecimal("9.99"), "EUR")).getId();
            ids.add(afterOpening);
            app.getBean(KafkaRetryHandOff.class).flush();
            awaitTrue("all writes on the retry topic", () -> keysOnTopic().containsAll(keysOf(ids)));
            assertThat(payments.findAllById(ids)).hasSize(ids.size());
            assertThat(writer.isCircuitOpen()).isTrue();
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            assertThat(meters.get(DualWriteMetricNames.BREAKER_STATE)
                            .tag("name", "tandem-secondary")
                            .tag("state", "open")
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(meters.get(DualWriteMetricNames.HANDOFF)
                            .tag("reason", "SECONDARY_FAILED")
                            .counter()
                            .count())
                    .isPositive();
            assertThat(meters.get(DualWriteMetricNames.HANDOFF)
                            .tag("reason", "CIRCUIT_OPEN")
                            .counter()
                            .count())
                    .isPositive();

            Map<String, ConsumerRecord<byte[], byte[]>> byKey = new HashMap<>();
            RetryTopic.readAll(kafka.bootstrapServers(), topic)
                    .forEach(r -> byKey.put(new String(r.key(), StandardCharsets.UTF_8), r));
            ConsumerRecord<byte[], byte[]> first = byKey.get("payments/id=" + ids.get(0));
            Mutation carried = MutationCodec.decode(first.value());
            assertThat(carried.table()).isEqualTo("payments");
            assertThat(carried.columns())
                    .containsEntry("amount", new BigDecimal("0.50"))
                    .containsEntry("status", "PENDING");
            assertThat(carried.attempt()).isEqualTo(1);
            assertThat(header(first, RetryHeaders.ATTEMPT)).isEqualTo("1");
            assertThat(header(first, RetryHeaders.REASON)).isEqualTo("SECONDARY_FAILED");
            assertThat(header(first, RetryHeaders.ERROR_CLASS)).isEqualTo("dev.tandem.core.SecondaryApplyException");
            assertThat(header(first, RetryHeaders.FIRST_FAILURE_AT)).isNotBlank();
            assertThat(header(byKey.get("payments/id=" + afterOpening), RetryHeaders.REASON))
                    .isEqualTo("CIRCUIT_OPEN");
        } finally {
            postgres.start();
        }
    }

    @Test
    @Order(4)
    void withSecondaryAndKafkaDownWritesAreSpooledThenPublishedExactlyOnce() {
        KafkaRetryHandOff retry = app.getBean(KafkaRetryHandOff.class);
        postgres.stop();
        kafka.stop();
        List<Long> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 15; i++) {
                ids.add(payments.save(new Payment(new BigDecimal("3.00"), "GBP"))
                        .getId());
            }
            assertThat(payments.findAllById(ids)).hasSize(15);
            awaitTrue("15 writes in the spool", () -> retry.spooledRecords() == 15);
            assertThat(app.getBean(MeterRegistry.class)
                            .get(DualWriteMetricNames.SPOOL_RECORDS)
                            .gauge()
                            .value())
                    .isEqualTo(15);

            kafka.start();
            kafka.createTopic(topic, 3);
            awaitTrue("the spool replayed", () -> retry.spooledRecords() == 0);

            List<String> keys = RetryTopic.readAll(kafka.bootstrapServers(), topic).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8))
                    .toList();
            Map<String, Long> copies = keys.stream().collect(Collectors.groupingBy(k -> k, Collectors.counting()));
            for (String key : keysOf(ids)) {
                assertThat(copies.get(key)).as(key).isEqualTo(1L);
            }
        } finally {
            kafka.start();
            postgres.start();
        }
    }

    private static List<String> keysOf(List<Long> ids) {
        return ids.stream().map(id -> "payments/id=" + id).toList();
    }

    private Set<String> keysOnTopic() {
        return RetryTopic.readAll(kafka.bootstrapServers(), topic).stream()
                .map(r -> new String(r.key(), StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private void execute(String sql) {
        try (Connection c = secondary.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String secondaryValue(String sql) {
        try (Connection c = secondary.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            // A missing fence table (nothing applied yet) reads as "not there yet".
            return null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long timed(MeterRegistry meters) {
        return meters.find(DualWriteMetricNames.APPLY).timers().stream()
                .filter(t -> !"FAILED".equals(t.getId().getTag("outcome")))
                .mapToLong(t -> t.count())
                .sum();
    }

    private static List<String> outcomes(MeterRegistry meters) {
        return meters.find(DualWriteMetricNames.APPLY).timers().stream()
                .map(t -> t.getId().getTag("outcome") + "=" + t.count())
                .toList();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("Timed out after 30 s waiting for: " + what);
    }
}
