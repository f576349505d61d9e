package dev.tandem.retry;

import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.retry.lag.LagMonitor;
import dev.tandem.retry.lag.LagReport;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedPostgreSql;
import dev.tandem.testkit.EmbeddedServices;
import dev.tandem.testkit.Jdbc;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One retry consumer setup on the embedded services: its own retry topic, DLT, consumer group and
 * secondary database (PostgreSQL), so tests do not see each other's records.
 */
final class ConsumerFixture {

    static final int PARTITIONS = 3;
    /** The service's HTTP basic password (user {@code operator}), as an operator configures it. */
    static final String OPERATOR_PASSWORD = "retry-operator-secret";

    final EmbeddedKafka kafka = EmbeddedServices.kafka();
    final EmbeddedPostgreSql postgres = EmbeddedServices.postgres();
    final String name = "r" + UUID.randomUUID().toString().substring(0, 8);
    final String topic = "retry-" + name;
    final String deadLetterTopic = "retry-" + name + ".dlt";
    final String group = "group-" + name;
    final String database = "secondary_" + name;
    final DataSource secondary;
    private final String connectionTimeout;

    /** A consumer whose pool waits up to 30 s for a connection, as a busy build machine may need. */
    ConsumerFixture() {
        this("30000");
    }

    private ConsumerFixture(String connectionTimeout) {
        this.connectionTimeout = connectionTimeout;
        kafka.createTopic(topic, PARTITIONS);
        kafka.createTopic(deadLetterTopic, 1);
        secondary = postgres.dataSource(database);
    }

    /**
     * For tests that stop the secondary on purpose: the consumer's pool fails a connection request
     * after 1 s, so that its workers and lag probe report the outage within a few seconds.
     */
    static ConsumerFixture forSecondaryOutages() {
        return new ConsumerFixture("1000");
    }

    /** The service's configuration: fast back-off and lag sampling so tests see state changes quickly. */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.kafka.consumer.group-id", group);
        properties.put("spring.datasource.url", postgres.jdbcUrl(database));
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        properties.put("spring.datasource.hikari.connection-timeout", connectionTimeout);
        properties.put("tandem.retry.topic", topic);
        properties.put("tandem.retry.dead-letter-topic", deadLetterTopic);
        properties.put("tandem.retry.concurrency", "2");
        properties.put("tandem.retry.statement-timeout", "30s");
        properties.put("tandem.retry.backoff.initial", "50ms");
        properties.put("tandem.retry.backoff.max", "1s");
        properties.put("tandem.retry.lag.interval", "200ms");
        properties.put("tandem.retry.lag.window", "2s");
        properties.put("tandem.security.password", OPERATOR_PASSWORD);
        properties.put("server.port", "0");
        return properties;
    }

    /** Command-line form of {@link #properties()}, for a forked JVM or the DLT command line. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        properties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments;
    }

    /** Starts the service in this JVM, configured as a user would: with command-line arguments. */
    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(RetryConsumerApplication.class)
                .run(arguments().toArray(String[]::new));
    }

    /** Like {@link #start()}, with some of the properties replaced (e.g. the secondary's login). */
    ConfigurableApplicationContext start(Map<String, String> overrides) {
        Map<String, String> properties = properties();
        properties.putAll(overrides);
        List<String> arguments = new ArrayList<>();
        properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return new SpringApplicationBuilder(RetryConsumerApplication.class).run(arguments.toArray(String[]::new));
    }

    void produce(List<Mutation> mutations) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Mutation mutation : mutations) {
                acks.add(producer.send(new ProducerRecord<>(
                        topic, MutationCodec.recordKey(mutation), MutationCodec.encode(mutation))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }

    void produceRaw(String key, String payload) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(
                            topic, key.getBytes(StandardCharsets.UTF_8), payload.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(config);
    }

    void execute(String sql) {
        Jdbc.execute(secondary, sql);
    }

    long count(String sql) throws SQLException {
        try (Connection connection = secondary.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** {@code id → email|balance} of every row of {@code accounts}. */
    Map<Long, String> accounts() throws SQLException {
        Map<Long, String> rows = new java.util.TreeMap<>();
        try (Connection connection = secondary.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id, email, balance FROM accounts")) {
            while (result.next()) {
                rows.put(result.getLong(1), result.getString(2) + "|" + result.getLong(3));
            }
        }
        return rows;
    }

    /**
     * The body of an HTTP request to the running service as the operator (with the configured
     * credentials), e.g. {@code ("GET", "/actuator/retrylag", null)}.
     */
    static String http(ConfigurableApplicationContext service, String method, String path, String json)
            throws Exception {
        return send(service, method, path, json, basic("operator", OPERATOR_PASSWORD))
                .body();
    }

    /** An HTTP request to the running service with {@code headers} only (none: anonymous). */
    static java.net.http.HttpResponse<String> send(
            ConfigurableApplicationContext service,
            String method,
            String path,
            String json,
            Map<String, String> headers)
            throws Exception {
        String port = service.getEnvironment().getProperty("local.server.port");
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return java.net.http.HttpClient.newHttpClient()
                .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code Authorization} header of HTTP basic. */
    static Map<String, String> basic(String username, String password) {
        return Map.of(
                "Authorization",
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** Waits until {@code sql} counts {@code expected}, failing after {@code timeout}. */
    void awaitCount(String sql, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = -1;
        while (System.nanoTime() < deadline) {
            count = count(sql);
            if (count == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(sql + " counted " + count + ", not " + expected + ", within " + timeout);
    }

    /** The {@code topic} and {@code group} tags of this fixture's meters as Prometheus writes them, for {@code topic}. */
    String prometheusTags(String topic) {
        return "group=\"" + group + "\",topic=\"" + topic + "\"";
    }

    /** Waits until the service's Prometheus scrape contains {@code line}, failing after {@code timeout}. */
    static void awaitScrape(ConfigurableApplicationContext service, Duration timeout, String line) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String scrape = "";
        while (System.nanoTime() < deadline) {
            scrape = http(service, "GET", "/actuator/prometheus", null);
            if (scrape.contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("/actuator/prometheus did not show '" + line + "' within " + timeout + ":\n"
                + scrape.lines().filter(l -> l.startsWith("tandem_")).toList());
    }

    /** Samples the lag until {@code condition} holds, failing after {@code timeout}. */
    static LagReport awaitLag(ConfigurableApplicationContext context, Duration timeout, Predicate<LagReport> condition)
            throws InterruptedException {
        LagMonitor monitor = context.getBean(LagMonitor.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        LagReport report = monitor.report();
        while (System.nanoTime() < deadline) {
            report = monitor.report();
            if (condition.test(report)) {
                return report;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Lag did not reach the expected state within " + timeout + "; last report: " + report);
    }
}
