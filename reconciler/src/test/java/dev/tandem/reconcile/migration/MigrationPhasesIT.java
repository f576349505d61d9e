package dev.tandem.reconcile.migration;

import static dev.tandem.testkit.Jdbc.execute;
import static dev.tandem.testkit.StorePair.arguments;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;
import dev.tandem.dualwrite.migration.CutoverResult;
import dev.tandem.dualwrite.migration.GateSettings;
import dev.tandem.dualwrite.migration.MigrationControl;
import dev.tandem.reconcile.ReconcileOnce;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.retry.RetryConsumerApplication;
import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole migration with two application instances writing and reading continuously: DUAL_WRITE,
 * SHADOW_READ(100), READ_SECONDARY(100), CUTOVER to REVERSED, and the rollback to the original
 * direction; the real retry consumers (one per direction) and the real reconciler, clean at every
 * step; at the end no acknowledged write is lost or overwritten by a staler one, in either store.
 */
class MigrationPhasesIT {

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String migration = "accounts-" + id;
    private final String database = "mig_" + id;
    private final EmbeddedDatabase mariaDb = EmbeddedServices.mariaDb();
    private final EmbeddedDatabase postgres = EmbeddedServices.postgres();
    private final DataSource origin = mariaDb.dataSource(database);
    private final DataSource target = postgres.dataSource(database);
    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private final String forward = "tandem.retry." + id;
    private final String reverse = "tandem.retry.reverse." + id;
    private final ControlTopic control =
            new ControlTopic(kafka.bootstrapServers(), "tandem.control." + id, null, Map.of());

    @Test
    void twoInstancesGoThroughEveryPhaseAndBackWithoutLosingAWrite() throws Exception {
        execute(
                origin,
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, version BIGINT NOT NULL,"
                        + " balance DECIMAL(12,2), owner VARCHAR(50))");
        execute(
                target,
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, version BIGINT NOT NULL,"
                        + " balance NUMERIC(12,2), owner TEXT)");
        // Many rows, so that a row is rarely written twice within the reconciler's re-check of it.
        for (int from = 1; from <= MigrationApp.ROWS; from += 1_000) {
            List<String> rows = new ArrayList<>();
            for (int i = from; i < from + 1_000; i++) {
                rows.add("(" + i + ", 1, " + i + ".00, 'owner " + i + "')");
            }
            execute(origin, "INSERT INTO accounts VALUES " + String.join(", ", rows));
            execute(target, "INSERT INTO accounts VALUES " + String.join(", ", rows));
        }
        kafka.createTopic(forward, 3);
        kafka.createTopic(reverse, 3);
        GateSettings gates = new GateSettings(
                List.of(
                        new GateSettings.RetryTopic(forward, "retry-" + forward),
                        new GateSettings.RetryTopic(reverse, "retry-" + reverse)),
                List.of(forward + ".dlt", reverse + ".dlt"),
                0.001,
                true,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        Map<Long, MigrationApp.Acked> acked = MigrationApp.newLedger();
        Path state = Files.createTempDirectory("tandem-migration-it");
        try (ConfigurableApplicationContext forwardConsumer = retryConsumer(forward, target, postgres);
                ConfigurableApplicationContext reverseConsumer = retryConsumer(reverse, origin, mariaDb);
                MigrationApp one = app("app-1", 1, state.resolve("1"), acked);
                MigrationApp two = app("app-2", 2, state.resolve("2"), acked);
                MigrationControl operator = MigrationControl.connect(control, migration, gates)) {
            one.migration.awaitCaughtUp(Duration.ofSeconds(10));
            two.migration.awaitCaughtUp(Duration.ofSeconds(10));
            one.start(2);
            two.start(2);

            step("DUAL_WRITE", operator.state(), Phase.DUAL_WRITE);
            assertThat(reconcile()).isEqualTo(RunVerdict.CLEAN);

            operator.change(Phase.SHADOW_READ, 100, "it", "compare every read");
            awaitPhase(Phase.SHADOW_READ, one, two);
            Thread.sleep(2_000);
            assertThat(one.migration.reads().compared() + two.migration.reads().compared())
                    .isPositive();
            assertThat(one.migration.reads().mismatched()
                            + two.migration.reads().mismatched())
                    .isZero();
            step("SHADOW_READ(100)", operator.state(), Phase.SHADOW_READ);
            assertThat(reconcile()).isEqualTo(RunVerdict.CLEAN);

            operator.change(Phase.READ_SECONDARY, 100, "it", "serve every read from the target");
            awaitPhase(Phase.READ_SECONDARY, one, two);
            Thread.sleep(1_000);
            step("READ_SECONDARY(100)", operator.state(), Phase.READ_SECONDARY);
            assertThat(reconcile()).isEqualTo(RunVerdict.CLEAN);
            awaitVerdictSeenByInstances();

            long writesBefore = one.writes.get() + two.writes.get();
            CutoverResult cutover = operator.cutover("it", "to PostgreSQL");
            awaitPhase(Phase.REVERSED, one, two);
            printPause("CUTOVER -> REVERSED", cutover, one, two);
            assertThat(cutover.to().primary()).isEqualTo(Store.TARGET);
            assertThat(one.migration.state().primary()).isEqualTo(Store.TARGET);
            Thread.sleep(1_500);
            assertThat(one.writes.get() + two.writes.get()).isGreaterThan(writesBefore);
            step("REVERSED", operator.state(), Phase.REVERSED);
            assertThat(reconcile()).isEqualTo(RunVerdict.CLEAN);
            awaitVerdictSeenByInstances();

            one.maxWriteNanos.set(0);
            two.maxWriteNanos.set(0);
            CutoverResult rollback = operator.rollback("it", "back to MariaDB");
            awaitPhase(Phase.DUAL_WRITE, one, two);
            printPause("rollback -> DUAL_WRITE", rollback, one, two);
            assertThat(one.migration.state().primary()).isEqualTo(Store.ORIGIN);
            Thread.sleep(1_500);
            step("DUAL_WRITE (rolled back)", operator.state(), Phase.DUAL_WRITE);
            assertThat(reconcile()).isEqualTo(RunVerdict.CLEAN);

            one.stop();
            two.stop();
            assertThat(one.failures).isEmpty();
            assertThat(two.failures).isEmpty();
            Thread.sleep(1_000);
            assertThat(operator.audit(20))
                    .extracting(e -> e.action() + " " + e.outcome())
                    .containsSubsequence(
                            "set changed",
                            "set changed",
                            "cutover held",
                            "cutover changed",
                            "rollback held",
                            "rollback changed");
            System.out.printf(
                    "%d acknowledged writes to %d rows by two instances, %d routed reads%n",
                    one.writes.get() + two.writes.get(), acked.size(), one.reads.get() + two.reads.get());
        }
        // No write lost, none overwritten by a staler one: each row holds its last acknowledged write, in both stores.
        Map<Long, String> inOrigin = rows(origin);
        Map<Long, String> inTarget = rows(target);
        Map<Long, String> expected = new HashMap<>();
        acked.forEach((key, write) ->
                expected.put(key, write.version() + "|" + write.balance().setScale(2)));
        assertThat(inOrigin).containsAllEntriesOf(expected);
        assertThat(inTarget).isEqualTo(inOrigin);
    }

    private MigrationApp app(String name, int number, Path state, Map<Long, MigrationApp.Acked> acked)
            throws Exception {
        Files.createDirectories(state);
        return new MigrationApp(
                name,
                number,
                migration,
                control,
                origin,
                target,
                kafka.bootstrapServers(),
                forward,
                reverse,
                state,
                acked);
    }

    private ConfigurableApplicationContext retryConsumer(String topic, DataSource into, EmbeddedDatabase engine) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.kafka.consumer.group-id", "retry-" + topic);
        properties.put("spring.datasource.url", engine.jdbcUrl(database));
        properties.put("spring.datasource.username", engine.username());
        properties.put("spring.datasource.password", engine.password());
        properties.put("tandem.retry.topic", topic);
        properties.put("tandem.retry.dead-letter-topic", topic + ".dlt");
        properties.put("tandem.retry.lag.enabled", "false");
        properties.put("tandem.security.password", "migration-operator-secret");
        properties.put("server.port", "0");
        return new SpringApplicationBuilder(RetryConsumerApplication.class).run(arguments(properties));
    }

    /**
     * Runs the reconciler, configured once (the origin as primary) and following the migration's
     * phase, publishing its verdict; that verdict.
     */
    private RunVerdict reconcile() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("tandem.reconciler.primary.url", mariaDb.jdbcUrl(database));
        properties.put("tandem.reconciler.primary.username", mariaDb.username());
        properties.put("tandem.reconciler.primary.password", mariaDb.password());
        properties.put("tandem.reconciler.secondary.url", postgres.jdbcUrl(database));
        properties.put("tandem.reconciler.secondary.username", postgres.username());
        properties.put("tandem.reconciler.secondary.password", postgres.password());
        properties.put("tandem.reconciler.store.url", postgres.jdbcUrl(database));
        properties.put("tandem.reconciler.store.username", postgres.username());
        properties.put("tandem.reconciler.store.password", postgres.password());
        properties.put("tandem.reconciler.tables[0].name", "accounts");
        properties.put("tandem.reconciler.tables[0].version-column", "version");
        // Long enough for a dual write delayed by the CPU this test shares with five servers.
        properties.put("tandem.reconciler.settle", "3s");
        properties.put("tandem.reconciler.retry-topic", forward);
        properties.put("tandem.reconciler.retry-consumer-group", "retry-" + forward);
        properties.put("tandem.reconciler.migration.reverse-retry-topic", reverse);
        properties.put("tandem.reconciler.migration.reverse-retry-consumer-group", "retry-" + reverse);
        properties.put("tandem.reconciler.migration.name", migration);
        properties.put("tandem.reconciler.migration.control-topic", control.topic());
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        return ReconcileOnce.run(arguments(properties), RepairMode.NONE, false);
    }

    private void awaitVerdictSeenByInstances() throws InterruptedException {
        // The instances forget the keys a clean run covered at their next heartbeat.
        Thread.sleep(1_000);
    }

    private static void awaitPhase(Phase phase, MigrationApp... apps) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (MigrationApp app : apps) {
            while (app.migration.state().phase() != phase) {
                assertThat(System.nanoTime()).as(app.name + " reaches " + phase).isLessThan(deadline);
                Thread.sleep(10);
            }
        }
    }

    private static void step(String name, PhaseState state, Phase expected) {
        assertThat(state.phase()).isEqualTo(expected);
        System.out.printf("step %-26s %s%n", name, state.describe());
    }

    private static void printPause(String what, CutoverResult result, MigrationApp... apps) {
        long slowestWrite = 0;
        List<String> holds = new ArrayList<>();
        for (MigrationApp app : apps) {
            slowestWrite = Math.max(slowestWrite, app.maxWriteNanos.get() / 1_000_000);
            holds.add(app.name + " held writes " + app.migration.lastWriteHoldMillis() + " ms");
        }
        System.out.printf(
                "%s: write pause %d ms (hold published to swap published); %s; slowest caller write %d ms%n",
                what, result.writePauseMillis(), String.join(", ", holds), slowestWrite);
    }

    private static Map<Long, String> rows(DataSource dataSource) throws SQLException {
        Map<Long, String> rows = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id, version, balance FROM accounts")) {
            while (rs.next()) {
                rows.put(
                        rs.getLong(1), rs.getLong(2) + "|" + rs.getBigDecimal(3).setScale(2));
            }
        }
        return rows;
    }
}
