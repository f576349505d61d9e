package dev.tandem.autoconfigure;

import static dev.tandem.testkit.Jdbc.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.autoconfigure.app.Counter;
import dev.tandem.autoconfigure.app.CounterRepository;
import dev.tandem.autoconfigure.app.CrashSafeSettings;
import dev.tandem.autoconfigure.app.CrashingPaymentsMain;
import dev.tandem.autoconfigure.app.PaymentsApplication;
import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.dualwrite.RetryTopic;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Crash-safe mode against real services, on a MariaDB and on a PostgreSQL primary: a forked JVM halted
 * between primary commit and secondary apply loses nothing (the relay reads the left writes' rows again
 * from the lean outbox), and the outbox sequence keeps the version order of concurrent writes.
 */
class CrashSafeIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "tandem.retry.crash." + run;
    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private String primaryUrl;
    private DataSource primary;
    private final String secondaryUrl = EmbeddedServices.postgres().jdbcUrl("crash_secondary_" + run);
    private final DataSource secondary = EmbeddedServices.postgres().dataSource("crash_secondary_" + run);

    /** The primary on {@code engine}; the secondary is PostgreSQL either way. */
    private void primaryOn(Engine engine) {
        primaryUrl = EmbeddedServices.database(engine).jdbcUrl("crash_primary_" + run);
        primary = EmbeddedServices.database(engine).dataSource("crash_primary_" + run);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writesCommittedBeforeAHaltedJvmReachTheSecondaryAndRolledBackOnesNowhere(Engine engine) throws Exception {
        primaryOn(engine);
        createSecondaryTables();
        kafka.createTopic(topic, 3);
        Path log = Path.of("target", "crash-child-" + run + ".log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashingPaymentsMain.class.getName(),
                        primaryUrl,
                        secondaryUrl,
                        kafka.bootstrapServers(),
                        topic,
                        "target/spool-crash-child-" + run,
                        "200",
                        "120")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(child.waitFor(3, TimeUnit.MINUTES))
                .as("the child halted in time; see %s", log)
                .isTrue();
        assertThat(child.exitValue())
                .as("the child halted at the crash point; see %s", log)
                .isEqualTo(137);
        assertThat(queryLong(primary, "SELECT COUNT(*) FROM tandem_outbox"))
                .as("writes left in the outbox")
                .isPositive();

        try (ConfigurableApplicationContext restarted = start("none")) {
            awaitTrue(
                    "the relay emptied the outbox",
                    () -> queryLong(primary, "SELECT COUNT(*) FROM tandem_outbox") == 0);
        }
        drainRetryTopicIntoSecondary();

        Map<String, String> onPrimary = rows(primary, "SELECT id, amount, status, version FROM payments ORDER BY id");
        assertThat(onPrimary).isNotEmpty();
        assertThat(rows(secondary, "SELECT id, amount, status, version FROM payments ORDER BY id"))
                .isEqualTo(onPrimary);
        assertThat(queryLong(primary, "SELECT COUNT(*) FROM payments WHERE amount = 666"))
                .isZero();
        assertThat(queryLong(secondary, "SELECT COUNT(*) FROM payments WHERE amount = 666"))
                .isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void concurrentUpdatesOfTheSameRowsEndEqualOnBothStores(Engine engine) throws Exception {
        primaryOn(engine);
        createSecondaryTables();
        kafka.createTopic(topic, 3);
        try (ConfigurableApplicationContext app = start("create")) {
            CounterRepository counters = app.getBean(CounterRepository.class);
            TransactionTemplate transaction = app.getBean(TransactionTemplate.class);
            for (long id = 1; id <= 5; id++) {
                counters.save(new Counter(id));
            }
            ExecutorService threads = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        long id = 1 + (seed + i) % 5;
                        long amount = seed * 1000 + i;
                        transaction.executeWithoutResult(status -> {
                            Counter counter = counters.findById(id).orElseThrow();
                            counter.add(amount);
                            counters.saveAndFlush(counter);
                        });
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            threads.shutdown();
            awaitTrue("the outbox drained", () -> queryLong(primary, "SELECT COUNT(*) FROM tandem_outbox") == 0);
            awaitTrue("the secondary equals the primary", () -> rows(
                            secondary, "SELECT id, total FROM counters ORDER BY id")
                    .equals(rows(primary, "SELECT id, total FROM counters ORDER BY id")));
        }
        drainRetryTopicIntoSecondary();
        assertThat(rows(secondary, "SELECT id, total FROM counters ORDER BY id"))
                .isEqualTo(rows(primary, "SELECT id, total FROM counters ORDER BY id"))
                .hasSize(5);
    }

    private ConfigurableApplicationContext start(String ddlAuto) {
        return new SpringApplicationBuilder(PaymentsApplication.class)
                .properties(CrashSafeSettings.properties(
                        primaryUrl,
                        secondaryUrl,
                        kafka.bootstrapServers(),
                        topic,
                        "target/spool-crash-" + run,
                        ddlAuto,
                        "0s"))
                .run();
    }

    private void createSecondaryTables() throws SQLException {
        try (Connection c = secondary.getConnection();
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE IF NOT EXISTS payments (id BIGINT PRIMARY KEY, amount NUMERIC(38,2), currency VARCHAR(3),"
                            + " status VARCHAR(20), created_at TIMESTAMP(6), version BIGINT)");
            s.execute("CREATE TABLE IF NOT EXISTS counters (id BIGINT PRIMARY KEY, total BIGINT NOT NULL)");
        }
    }

    /** What the retry consumer does: apply every record of the retry topic through the fence. */
    private void drainRetryTopicIntoSecondary() {
        List<Mutation> mutations = RetryTopic.readAll(kafka.bootstrapServers(), topic).stream()
                .map(r -> MutationCodec.decode(r.value()))
                .toList();
        if (!mutations.isEmpty()) {
            SecondaryStore.of(secondary).applyAll(mutations);
        }
    }

    private static Map<String, String> rows(DataSource db, String sql) {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 2; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.put(rs.getString(1), row.toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return rows;
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after 60 s waiting for: " + what);
            }
            Thread.sleep(200);
        }
    }
}
