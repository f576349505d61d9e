package dev.tandem.example.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The payments service configured by its own {@code application.yml} alone, filled in with the
 * embedded MariaDB primary, PostgreSQL secondary and Kafka broker, driven through its HTTP API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentsServiceIT {

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    private final String database = "payments_" + UUID.randomUUID().toString().substring(0, 8);
    private final EmbeddedDatabase mariaDb = EmbeddedServices.mariaDb();
    private final EmbeddedDatabase postgres = EmbeddedServices.postgres();
    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private final HttpClient http = HttpClient.newHttpClient();
    private DataSource primary;
    private DataSource secondary;
    private ConfigurableApplicationContext service;
    private int port;

    @BeforeAll
    void startService() {
        String topic = "tandem.retry." + database;
        kafka.createTopic(topic, 3);
        primary = mariaDb.dataSource(database);
        secondary = postgres.dataSource(database);
        new ResourceDatabasePopulator(new ClassPathResource("db/primary/schema.sql")).execute(primary);
        new ResourceDatabasePopulator(new ClassPathResource("db/secondary/schema.sql")).execute(secondary);
        // Only the variables application.yml reads, a free port, and what differs for MariaDB.
        service = new SpringApplicationBuilder(PaymentsApplication.class)
                .properties(Map.of(
                        "PRIMARY_URL", mariaDb.jdbcUrl(database),
                        "PRIMARY_USERNAME", mariaDb.username(),
                        "PRIMARY_PASSWORD", mariaDb.password(),
                        "SECONDARY_URL", postgres.jdbcUrl(database),
                        "SECONDARY_USERNAME", postgres.username(),
                        "SECONDARY_PASSWORD", postgres.password(),
                        "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "tandem.dualwrite.kafka.topic", topic,
                        "spring.jpa.database-platform", "org.hibernate.dialect.MariaDBDialect",
                        "server.port", "0"))
                .run();
        port = ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    @AfterAll
    void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void paymentsWrittenThroughTheApiLandInBothStores() throws Exception {
        long refunded = idOf(send("POST", "/payments", payment("coffee-corner", "4.20", "EUR"), 201));
        send("PATCH", "/payments/" + refunded, "{\"status\":\"CAPTURED\"}", 200);
        send("PATCH", "/payments/" + refunded, "{\"status\":\"REFUNDED\"}", 200);
        long captured = idOf(send("POST", "/payments", payment("book-shop", "1234.56", "GBP"), 201));
        send("PATCH", "/payments/" + captured, "{\"status\":\"CAPTURED\"}", 200);
        long authorized = idOf(send("POST", "/payments", payment("taxi", "18.00", "USD"), 201));
        long voided = idOf(send("POST", "/payments", payment("taxi", "18.00", "USD"), 201));
        send("DELETE", "/payments/" + voided, null, 204);

        assertThat(rows(primary)).containsKeys(refunded, captured, authorized).doesNotContainKey(voided);
        awaitSecondaryEqualsPrimary(Duration.ofSeconds(30));
        assertThat(rows(secondary).get(refunded))
                .startsWith("coffee-corner|4.20|EUR|REFUNDED|")
                .endsWith("|2");
        assertThat(rows(secondary).get(captured))
                .startsWith("book-shop|1234.56|GBP|CAPTURED|")
                .endsWith("|1");
        assertThat(send("GET", "/actuator/prometheus", null, 200))
                .contains("tandem_dualwrite_apply_seconds_count{outcome=\"APPLIED\"} ")
                .contains("resilience4j_circuitbreaker_state{name=\"tandem-secondary\",state=\"closed\"} 1.0");
    }

    @Test
    void refusedRequestsWriteNothing() throws Exception {
        long authorized = idOf(send("POST", "/payments", payment("florist", "30.00", "EUR"), 201));
        awaitSecondaryEqualsPrimary(Duration.ofSeconds(30));
        String before = rows(secondary).get(authorized);

        assertThat(send("PATCH", "/payments/" + authorized, "{\"status\":\"REFUNDED\"}", 409))
                .contains("is AUTHORIZED and cannot be refunded");
        send("POST", "/payments", payment("florist", "-1.00", "EUR"), 400);
        send("DELETE", "/payments/999999999", null, 404);
        long later = idOf(send("POST", "/payments", payment("florist", "12.00", "EUR"), 201));

        awaitSecondaryEqualsPrimary(Duration.ofSeconds(30));
        assertThat(rows(secondary)).containsKey(later).containsEntry(authorized, before);
        assertThat(before).contains("|AUTHORIZED|").endsWith("|0");
    }

    private void awaitSecondaryEqualsPrimary(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!rows(secondary).equals(rows(primary))) {
            if (System.nanoTime() > deadline) {
                assertThat(rows(secondary)).as("secondary after " + timeout).isEqualTo(rows(primary));
            }
            Thread.sleep(100);
        }
    }

    private static String payment(String merchant, String amount, String currency) {
        return "{\"merchant\":\"" + merchant + "\",\"amount\":" + amount + ",\"currency\":\"" + currency + "\"}";
    }

    private static long idOf(String body) {
        Matcher id = ID.matcher(body);
        assertThat(id.find()).as(body).isTrue();
        return Long.parseLong(id.group(1));
    }

    private String send(String method, String path, String json, int expectedStatus) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isEqualTo(expectedStatus);
        return response.body();
    }

    /** {@code id → merchant|amount|currency|status|created_at|updated_at|version}, read the same way from either store. */
    private static Map<Long, String> rows(DataSource store) throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        try (Connection connection = store.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, merchant, amount, currency, status, created_at,"
                        + " updated_at, version FROM payments")) {
            while (rs.next()) {
                rows.put(
                        rs.getLong(1),
                        String.join(
                                "|",
                                rs.getString(2),
                                rs.getBigDecimal(3).toPlainString(),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getObject(6, LocalDateTime.class).toString(),
                                rs.getObject(7, LocalDateTime.class).toString(),
                                Long.toString(rs.getLong(8))));
            }
        }
        return rows;
    }
}
