package dev.tandem.bench.retry;

import dev.tandem.retry.RetryConsumerApplication;
import dev.tandem.retry.RetryMetricNames;
import dev.tandem.retry.listener.RetryTopicListener;
import dev.tandem.testkit.CpuTime;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedPostgreSql;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The retry consumer service, started once for a benchmark: its listener is stopped while a backlog
 * is produced and started again to drain it, so that every drain after the first runs on a warm JVM,
 * as a long-running consumer does.
 */
final class ConsumerService implements AutoCloseable {

    private final EmbeddedPostgreSql postgres;
    private final String topic;
    private final String group;
    private final ConfigurableApplicationContext context;
    private final RetryTopicListener listener;
    private final Admin admin;
    private final String extraColumns;

    private ConsumerService(
            EmbeddedPostgreSql postgres,
            EmbeddedKafka kafka,
            String topic,
            String group,
            ConfigurableApplicationContext context,
            String extraColumns) {
        this.extraColumns = extraColumns;
        this.postgres = postgres;
        this.topic = topic;
        this.group = group;
        this.context = context;
        this.listener = context.getBean(RetryTopicListener.class);
        Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        this.admin = Admin.create(adminConfig);
    }

    static ConsumerService start(
            EmbeddedPostgreSql postgres, EmbeddedKafka kafka, String topic, int batch, int concurrency) {
        return start(postgres, kafka, topic, batch, concurrency, List.of(), "");
    }

    /**
     * A service with {@code settings} added to its command line (say, {@code --tandem.fence.*}), whose
     * drained tables have {@code extraColumns} (SQL, starting with a comma) after the benchmark's own.
     */
    static ConsumerService start(
            EmbeddedPostgreSql postgres,
            EmbeddedKafka kafka,
            String topic,
            int batch,
            int concurrency,
            List<String> settings,
            String extraColumns) {
        String group = "bench-" + topic;
        List<String> arguments = new java.util.ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.consumer.group-id=" + group,
                "--spring.datasource.url=" + postgres.jdbcUrl("bench"),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--tandem.retry.topic=" + topic,
                "--tandem.retry.dead-letter-topic=" + topic + ".dlt",
                "--tandem.retry.batch-size=" + batch,
                "--tandem.retry.concurrency=" + concurrency,
                "--server.port=0",
                // The service's endpoints are not called; they stay secured all the same.
                "--tandem.security.password=" + java.util.UUID.randomUUID(),
                "--logging.level.root=WARN"));
        arguments.addAll(settings);
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(RetryConsumerApplication.class).run(arguments.toArray(String[]::new));
        return new ConsumerService(postgres, kafka, topic, group, context, extraColumns);
    }

    /** Stops consuming; what was applied is committed. */
    void stop() {
        listener.stop();
    }

    /**
     * Creates {@code table}, starts consuming and waits until the {@code records} produced for it
     * since the last drain are committed; checks the table. The clock starts at the first commit:
     * joining the group is not draining.
     */
    DrainBenchmark.Run drain(String table, long records) throws Exception {
        try (Connection connection = postgres.dataSource("bench").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table
                    + " (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance BIGINT NOT NULL" + extraColumns
                    + ")");
        }
        Timer batches =
                context.getBean(MeterRegistry.class).get(RetryMetricNames.BATCH).timer();
        long batchesBefore = batches.count();
        double busyBefore = batches.totalTime(TimeUnit.SECONDS);
        long base = committed();
        long target = base + records;
        listener.start();
        long atStart = committed();
        while (atStart == base) {
            Thread.sleep(10);
            atStart = committed();
        }
        long start = System.nanoTime();
        CpuTime cpu = CpuTime.now();
        ThreadCpu threads = ThreadCpu.now();
        long committed = atStart;
        while (committed < target) {
            Thread.sleep(250);
            committed = committed();
        }
        double elapsed = DrainBenchmark.seconds(start);
        CpuTime cpuEnd = CpuTime.now();
        DrainBenchmark.Run run = new DrainBenchmark.Run(target - atStart, elapsed, cpuEnd.secondsSince(cpu));
        double busy = batches.totalTime(TimeUnit.SECONDS) - busyBefore;
        System.out.printf(
                "drain %s: %d records in %.1f s from the first commit (%d records by then) = %,.0f records/s (CPU: %s)%n",
                table, run.count(), elapsed, atStart - base, run.rate(), cpuEnd.since(cpu));
        System.out.printf(
                "       %d batches of %.0f records on average; the apply thread was busy %.1f s (%.0f %% of the drain)%n",
                batches.count() - batchesBefore,
                (double) records / (batches.count() - batchesBefore),
                busy,
                100 * busy / elapsed);
        System.out.printf("       JVM CPU by thread: %s%n", ThreadCpu.now().since(threads, 8));
        DrainBenchmark.verify(postgres.dataSource("bench"), table, records);
        long deadLettered = deadLettered();
        if (deadLettered != 0) {
            throw new IllegalStateException(deadLettered + " records of " + topic + " were dead-lettered: the drain of "
                    + table + " is not a figure");
        }
        return run;
    }

    /** Records on the dead-letter topic: each a mutation that failed. */
    private long deadLettered() throws Exception {
        TopicPartition partition = new TopicPartition(topic + ".dlt", 0);
        return admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                .partitionResult(partition)
                .get(30, TimeUnit.SECONDS)
                .offset();
    }

    private long committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset())
                .sum();
    }

    @Override
    public void close() {
        admin.close();
        context.close();
    }
}
