package dev.tandem.retry.bench;

import dev.tandem.dualwrite.Mutation;
import dev.tandem.dualwrite.SecondaryStore;
import dev.tandem.dualwrite.kafka.MutationCodec;
import dev.tandem.retry.RetryConsumerApplication;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedPostgreSql;
import dev.tandem.testkit.EmbeddedServices;
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
 * <ol>
 *   <li>raw: {@link RawFencedUpsert} writes N rows in chunks of the consumer's batch size, with as
 *       many connections as the consumer has threads, in plain
 *       JDBC with Tandem's fence table; then, as diagnostics, with a two-column fence, and through the
 *       library's fenced batch apply without Kafka;
 *   <li>drain: N mutations of the same rows are pre-produced to the retry topic, then the retry
 *       consumer service drains them; the rate counts the records committed after the service started;
 *   <li>raw again, into fresh tables, so that a drift of the machine shows.
 * </ol>
 *
 * Arguments: {@code [rows=1000000] [batch=500] [concurrency=1] [partitions=3]}.
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

        double raw1 = raw(secondary, "raw_first", rows, batch, concurrency, RawFencedUpsert.Fence.TANDEM);
        double narrow = raw(secondary, "raw_narrow", rows, batch, concurrency, RawFencedUpsert.Fence.NARROW);
        double applyOnly = applyOnly(secondary, rows, batch);

        // The consumer's code (decoding, the listener) runs for the first time in a drain: warm it up
        // on other records first, as the raw limit's code is warm by its second run.
        long warmUp = Math.max(1, Math.min(rows / 5, 200_000));
        drainTopic(postgres, kafka, "bench.warmup", "warmed", warmUp, batch, concurrency, partitions);
        System.out.printf("(the warm-up drain of %d records above is not part of any figure)%n", warmUp);
        double drain = drainTopic(postgres, kafka, "bench.retry", "drained", rows, batch, concurrency, partitions);

        double raw2 = raw(secondary, "raw_second", rows, batch, concurrency, RawFencedUpsert.Fence.TANDEM);
        double baseline = (raw1 + raw2) / 2;
        System.out.printf(
                "%nraw limit:   %,.0f rows/s (plain JDBC, Tandem's fence, %d connections; runs before and after: %,.0f and %,.0f)%n",
                baseline, concurrency, raw1, raw2);
        System.out.printf("drain rate:  %,.0f records/s%n", drain);
        System.out.printf("ratio:       %.2f (target >= 0.80)%n", drain / baseline);
        System.out.printf(
                "diagnostic:  fenced batch apply of the library, no Kafka, one connection: %,.0f rows/s = %.2f of the raw limit%n",
                applyOnly, applyOnly / baseline);
        System.out.printf(
                "diagnostic:  plain JDBC with a two-column text-keyed fence: %,.0f rows/s = %.2f of the raw limit%n",
                narrow, narrow / baseline);
        System.exit(0);
    }

    private static double raw(
            DataSource secondary, String table, long rows, int batch, int connections, RawFencedUpsert.Fence fence)
            throws Exception {
        RawFencedUpsert raw = new RawFencedUpsert(secondary, table, fence);
        raw.create();
        long start = System.nanoTime();
        long written = raw.write(rows, 1, batch, connections);
        double rate = written / seconds(start);
        System.out.printf(
                "raw %s (%s fence): %d rows in %.1f s = %,.0f rows/s%n", table, fence, written, seconds(start), rate);
        return rate;
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

    /** Produces {@code rows} mutations of {@code table} to a new topic, drains them and checks the table. */
    private static double drainTopic(
            EmbeddedPostgreSql postgres,
            EmbeddedKafka kafka,
            String topic,
            String table,
            long rows,
            int batch,
            int concurrency,
            int partitions)
            throws Exception {
        kafka.createTopic(topic, partitions);
        kafka.createTopic(topic + ".dlt", 1);
        long produceStart = System.nanoTime();
        produce(kafka, topic, table, rows);
        System.out.printf("produced %d records in %.1f s (not part of any figure)%n", rows, seconds(produceStart));
        double rate = drain(postgres, kafka, topic, table, rows, batch, concurrency);
        verify(postgres.dataSource("bench"), table, rows);
        return rate;
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

    private static double drain(
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
            long committed = atStart;
            while (committed < rows) {
                Thread.sleep(50);
                committed = committed(admin, group);
            }
            double elapsed = seconds(start);
            double rate = (rows - atStart) / elapsed;
            System.out.printf(
                    "drain: %d records in %.1f s from the first commit (%d records by then) = %,.0f records/s%n",
                    rows - atStart, elapsed, atStart, rate);
            return rate;
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
