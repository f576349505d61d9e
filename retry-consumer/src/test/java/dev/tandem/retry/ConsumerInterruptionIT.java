package dev.tandem.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import dev.tandem.retry.dlt.DeadLetterFilter;
import dev.tandem.retry.dlt.DeadLetterTopic;
import dev.tandem.retry.lag.LagStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** A consumer killed, or shut down, while a batch is inside the secondary. */
class ConsumerInterruptionIT {

    private static final int WRITES = 6_000;

    private final ConsumerFixture fixture = new ConsumerFixture();

    private List<Mutation> writes() {
        List<Mutation> mutations = new ArrayList<>();
        for (long id = 1; id <= WRITES; id++) {
            mutations.add(Mutation.upsert("accounts")
                    .key("id", id)
                    .version(1)
                    .column("email", "user" + id + "@example.com")
                    .column("balance", id)
                    .build());
        }
        return mutations;
    }

    private Map<Long, String> expected() {
        Map<Long, String> rows = new TreeMap<>();
        for (long id = 1; id <= WRITES; id++) {
            rows.put(id, "user" + id + "@example.com|" + id);
        }
        return rows;
    }

    @Test
    void killingTheConsumerMidBatchLosesNothing() throws Exception {
        fixture.execute(
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance BIGINT NOT NULL)");
        fixture.produce(writes());
        Process child = fork();
        try (Connection lock = fixture.secondary.getConnection()) {
            awaitRows(count -> count > 0, child);
            blockWrites(lock);
            awaitBlockedApply();
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            lock.rollback();
        } finally {
            child.destroyForcibly();
        }
        long appliedBeforeKill = fixture.count("SELECT COUNT(*) FROM accounts");
        assertThat(appliedBeforeKill).isBetween(1L, (long) WRITES - 1);

        try (ConfigurableApplicationContext service = fixture.start()) {
            ConsumerFixture.awaitLag(
                    service,
                    Duration.ofSeconds(120),
                    r -> r.lagRecords() == 0 && r.status() == LagStatus.OK && r.error() == null);
            assertThat(fixture.accounts()).isEqualTo(expected());
            assertThat(service.getBean(DeadLetterTopic.class)
                            .summary(DeadLetterFilter.ALL)
                            .total())
                    .isZero();
        }
    }

    @Test
    void gracefulShutdownFinishesAndCommitsTheBatchInFlight() throws Exception {
        fixture.execute(
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance BIGINT NOT NULL)");
        fixture.produce(writes());
        ConfigurableApplicationContext service = fixture.start();
        long blockedAt;
        Thread closing = new Thread(service::close, "closing");
        try (Connection lock = fixture.secondary.getConnection()) {
            awaitRows(count -> count > 0, null);
            blockWrites(lock);
            awaitBlockedApply();
            blockedAt = fixture.count("SELECT COUNT(*) FROM accounts");
            closing.start();
            closing.join(1_500);
            assertThat(closing.isAlive())
                    .as("shutdown waits for the batch in flight")
                    .isTrue();
            lock.rollback();
            closing.join(60_000);
        }
        assertThat(closing.isAlive()).isFalse();
        long applied = fixture.count("SELECT COUNT(*) FROM accounts");
        assertThat(applied).as("the blocked batch was completed").isGreaterThan(blockedAt);
        assertThat(committedRecords())
                .as("everything applied is committed, nothing more")
                .isEqualTo(applied);
    }

    /** Starts the service in a JVM of its own, to be killed. */
    private Process fork() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RetryConsumerApplication.class.getName()));
        command.addAll(fixture.arguments());
        command.add("--tandem.retry.batch-size=200");
        // The killed member keeps its partitions until its session times out: the broker's minimum
        // (6 s) rather than Kafka's default 45 s, so the restarted service takes over promptly.
        command.add("--spring.kafka.consumer.properties.session.timeout.ms=6000");
        command.add("--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
        return new ProcessBuilder(command).inheritIO().start();
    }

    /** Holds an exclusive lock on the table, so that the next batch waits inside its transaction. */
    private static void blockWrites(Connection lock) throws SQLException {
        lock.setAutoCommit(false);
        try (Statement statement = lock.createStatement()) {
            statement.execute("LOCK TABLE accounts IN EXCLUSIVE MODE");
        }
    }

    /** Waits until a statement of the service waits for the lock. */
    private void awaitBlockedApply() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (fixture.count("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                            + " AND wait_event_type = 'Lock' AND query ILIKE '%accounts%'")
                    > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No apply blocked on the lock within 60s");
    }

    private void awaitRows(java.util.function.LongPredicate condition, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (child != null && !child.isAlive()) {
                throw new AssertionError("The service exited with status " + child.exitValue());
            }
            try {
                if (condition.test(fixture.count("SELECT COUNT(*) FROM accounts"))) {
                    return;
                }
            } catch (SQLException e) {
                // The table is being created or locked; ask again.
            }
            Thread.sleep(5);
        }
        throw new AssertionError("The service applied nothing within 120s");
    }

    private long committedRecords() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, fixture.kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(fixture.group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            return offsets.values().stream()
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }
}
