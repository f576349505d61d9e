package dev.tandem.retry.bench;

import dev.tandem.dualwrite.Mutation;
import dev.tandem.dualwrite.SecondaryStore;
import dev.tandem.dualwrite.kafka.MutationCodec;
import dev.tandem.retry.RetryConsumerApplication;
import dev.tandem.retry.RetryMetricNames;
import dev.tandem.testkit.CpuTime;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedPostgreSql;
import dev.tandem.testkit.EmbeddedServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Drain rate of the retry consumer against the raw limit, in one run on the same PostgreSQL:
 *
 * <ul>
 *   <li>raw: {@link RawFencedUpsert} writes N rows in chunks of the consumer's batch size, with as
 *       many connections as the consumer has threads, in plain JDBC with Tandem's fence table;
 *   <li>drain: N mutations of the same shape, produced to a retry topic beforehand, drained by the
 *       retry consumer service; the rate counts the records committed after its first commit.
 * </ul>
 *
 * Both run once on a smaller warm-up first (in no figure), then alternate raw, drain, raw, drain, raw
 * into fresh tables, so that a drift of the shared machine's load touches both alike. It prints every
 * run, the ratio of the best runs and of the means, and the CPU each side spent per 1,000 rows (this
 * JVM, which hosts the broker, and PostgreSQL). Diagnostics follow: a two-column fence in plain JDBC,
 * and the library's fenced batch apply without Kafka.
 *
 * <p>Arguments: {@code [rows=1000000] [batch=500] [concurrency=1] [partitions=3]}.
 */
public final class DrainBenchmark {

    private DrainBenchmark() {}

    static String email(long id) {
        return "user" + id + "@example.com";
    }

    static long balance(long id) {
        return id * 7 % 100_000;
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        EmbeddedPostgreSql postgres = EmbeddedServices.postgres();
        EmbeddedKafka kafka = EmbeddedServices.kafka();
        DataSource secondary = postgres.dataSource("bench");
        System.out.printf(
                "rows=%d batch=%d concurrency=%d partitions=%d cores=%d%n",
                rows, batch, concurrency, partitions, Runtime.getRuntime().availableProcessors());

        long warmUp = Math.max(1, Math.min(rows / 5, 200_000));
        produceTopic(kafka, "bench.warmup", "warmed", warmUp, partitions);
        produceTopic(kafka, "bench.retry.1", "drained_1", rows, partitions);
        produceTopic(kafka, "bench.retry.2", "drained_2", rows, partitions);
        // Warm-up, in no figure: the raw limit's code and the consumer's both run once before they are measured.
        raw(secondary, "raw_warmup", warmUp, batch, concurrency, RawFencedUpsert.Fence.TANDEM);
        drain(postgres, kafka, "bench.warmup", "warmed", warmUp, batch, concurrency);
        System.out.printf("(the warm-up runs above are in no figure)%n%n");

        // Alternated, so that a drift of the machine's load shows and touches both sides alike.
        List<Run> raws = new ArrayList<>();
        List<Run> drains = new ArrayList<>();
        raws.add(raw(secondary, "raw_1", rows, batch, concurrency, RawFencedUpsert.Fence.TANDEM));
        drains.add(drain(postgres, kafka, "bench.retry.1", "drained_1", rows, batch, concurrency));
        raws.add(raw(secondary, "raw_2", rows, batch, concurrency, RawFencedUpsert.Fence.TANDEM));
        drains.add(drain(postgres, kafka, "bench.retry.2", "drained_2", rows, batch, concurrency));
        raws.add(raw(secondary, "raw_3", rows, batch, concurrency, RawFencedUpsert.Fence.TANDEM));

        double narrow = raw(secondary, "raw_narrow", rows, batch, concurrency, RawFencedUpsert.Fence.NARROW)
                .rate();
        double applyOnly = applyOnly(secondary, rows, batch);

        Run bestRaw = best(raws);
        Run bestDrain = best(drains);
        System.out.printf(
                "%nraw limit:   best %,.0f rows/s, mean %,.0f rows/s (plain JDBC, Tandem's fence, %d connection(s))%n",
                bestRaw.rate(), mean(raws), concurrency);
        System.out.printf("drain rate:  best %,.0f records/s, mean %,.0f records/s%n", bestDrain.rate(), mean(drains));
        System.out.printf(
                "ratio:       %.2f best against best, %.2f mean against mean (target >= 0.80)%n",
                bestDrain.rate() / bestRaw.rate(), mean(drains) / mean(raws));
        System.out.printf(
                "CPU:         %.1f ms per 1,000 rows raw, %.1f ms per 1,000 records drained (JVM with broker, and PostgreSQL): %.2f x%n",
                cpuPerThousand(raws), cpuPerThousand(drains), cpuPerThousand(drains) / cpuPerThousand(raws));
        System.out.printf(
                "diagnostic:  fenced batch apply of the library, no Kafka, one connection: %,.0f rows/s = %.2f of the best raw run%n",
                applyOnly, applyOnly / bestRaw.rate());
        System.out.printf(
                "diagnostic:  plain JDBC with a two-column text-keyed fence: %,.0f rows/s = %.2f of the best raw run%n",
                narrow, narrow / bestRaw.rate());
        System.exit(0);
    }

    /** One measured run: how many rows or records in how many seconds, and the CPU it cost meanwhile. */
    record Run(long count, double seconds, double cpuSeconds) {
        double rate() {
            return count / seconds;
        }
    }

    private static Run best(List<Run> runs) {
        return runs.stream()
                .max(java.util.Comparator.comparingDouble(Run::rate))
                .orElseThrow();
    }

    private static double mean(List<Run> runs) {
        return runs.stream().mapToLong(Run::count).sum()
                / runs.stream().mapToDouble(Run::seconds).sum();
    }

    private static double cpuPerThousand(List<Run> runs) {
        return 1e6
                * runs.stream().mapToDouble(Run::cpuSeconds).sum()
                / runs.stream().mapToLong(Run::count).sum();
    }

    private static Run raw(
            DataSource secondary, String table, long rows, int batch, int connections, RawFencedUpsert.Fence fence)
            throws Exception {
        RawFencedUpsert raw = new RawFencedUpsert(secondary, table, fence);
        raw.create();
        CpuTime cpu = CpuTime.now();
        long start = System.nanoTime();
        long written = raw.write(rows, 1, batch, connections);
        Run run = new Run(written, seconds(start), CpuTime.now().secondsSince(cpu));
        System.out.printf(
                "raw %s (%s fence): %d rows in %.1f s = %,.0f rows/s (CPU: %s)%n",
                table, fence, written, run.seconds(), run.rate(), CpuTime.now().since(cpu));
        return run;
    }

    /** Diagnostic: the library's fenced batch apply of the same rows, without Kafka or decoding. */
    private static double applyOnly(DataSource secondary, long rows, int batch) throws Exception {
        try (Connection connection = secondary.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE applied (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance BIGINT NOT NULL)");
        }
        SecondaryStore store = SecondaryStore.of(secondary, "apply_only_fence", java.time.Duration.ofSeconds(30));
        List<List<Mutation>> batches = new ArrayList<>();
        List<Mutation> chunk = new ArrayList<>(batch);
        for (long id = 1; id <= rows; id++) {
            chunk.add(Mutation.upsert("applied")
                    .key("id", id)
                    .version(1)
                    .column("email", email(id))
                    .column("balance", balance(id))
                    .build());
            if (chunk.size() == batch || id == rows) {
                batches.add(chunk);
                chunk = new ArrayList<>(batch);
            }
        }
        long start = System.nanoTime();
        for (List<Mutation> mutations : batches) {
            store.applyAll(mutations);
        }
        double rate = rows / seconds(start);
        System.out.printf("fenced apply only: %d rows in %.1f s = %,.0f rows/s%n", rows, seconds(start), rate);
        return rate;
    }

    /** Creates {@code topic} and its dead-letter topic, and produces {@code rows} mutations to it. */
    private static void produceTopic(EmbeddedKafka kafka, String topic, String table, long rows, int partitions)
            throws Exception {
        kafka.createTopic(topic, partitions);
        kafka.createTopic(topic + ".dlt", 1);
        long start = System.nanoTime();
        produce(kafka, topic, table, rows);
        System.out.printf("produced %d records to %s in %.1f s (in no figure)%n", rows, topic, seconds(start));
    }

    private static void produce(EmbeddedKafka kafka, String topic, String table, long rows) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            for (long id = 1; id <= rows; id++) {
                Mutation mutation = Mutation.upsert(table)
                        .key("id", id)
                        .version(1)
                        .column("email", email(id))
                        .column("balance", balance(id))
                        .build();
                producer.send(
                        new ProducerRecord<>(topic, MutationCodec.recordKey(mutation), MutationCodec.encode(mutation)));
            }
            producer.flush();
        }
    }

    private static Run drain(
            EmbeddedPostgreSql postgres,
            EmbeddedKafka kafka,
            String topic,
            String table,
            long rows,
            int batch,
            int concurrency)
            throws Exception {
        try (Connection connection = postgres.dataSource("bench").getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table
                    + " (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance BIGINT NOT NULL)");
        }
        String group = "bench-" + topic;
        List<String> arguments = new ArrayList<>(List.of(
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
                "--logging.level.root=WARN"));
        Properties adminConfig = new Properties();
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig);
                ConfigurableApplicationContext service = new SpringApplicationBuilder(RetryConsumerApplication.class)
                        .run(arguments.toArray(String[]::new))) {
            // The clock starts at the first commit: joining the group is not draining.
            long atStart = committed(admin, group);
            while (atStart == 0) {
                Thread.sleep(10);
                atStart = committed(admin, group);
            }
            long start = System.nanoTime();
            CpuTime cpu = CpuTime.now();
            ThreadCpu threads = ThreadCpu.now();
            long committed = atStart;
            while (committed < rows) {
                Thread.sleep(250);
                committed = committed(admin, group);
            }
            double elapsed = seconds(start);
            Run run = new Run(rows - atStart, elapsed, CpuTime.now().secondsSince(cpu));
            System.out.printf(
                    "drain %s: %d records in %.1f s from the first commit (%d records by then) = %,.0f records/s (CPU: %s)%n",
                    topic,
                    run.count(),
                    elapsed,
                    atStart,
                    run.rate(),
                    CpuTime.now().since(cpu));
            Timer batches = service.getBean(MeterRegistry.class)
                    .get(RetryMetricNames.BATCH)
                    .timer();
            System.out.printf(
                    "       %d batches of %.0f records on average; the apply thread was busy %.1f s (%.0f %% of the drain)%n",
                    batches.count(),
                    (double) rows / batches.count(),
                    batches.totalTime(TimeUnit.SECONDS),
                    100 * batches.totalTime(TimeUnit.SECONDS) / elapsed);
            System.out.printf("       JVM CPU by thread: %s%n", ThreadCpu.now().since(threads, 8));
            verify(postgres.dataSource("bench"), table, rows);
            return run;
        }
    }

    private static long committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static void verify(DataSource secondary, String table, long rows) throws Exception {
        try (Connection connection = secondary.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT COUNT(*), SUM(balance) FROM " + table)) {
            result.next();
            long expectedSum = 0;
            for (long id = 1; id <= rows; id++) {
                expectedSum += balance(id);
            }
            if (result.getLong(1) != rows || result.getLong(2) != expectedSum) {
                throw new IllegalStateException(table + " holds " + result.getLong(1) + " rows, sum "
                        + result.getLong(2) + "; expected " + rows + ", sum " + expectedSum);
            }
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
