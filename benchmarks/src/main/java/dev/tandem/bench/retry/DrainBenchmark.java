package dev.tandem.bench.retry;

import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.testkit.CpuTime;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedPostgreSql;
import dev.tandem.testkit.EmbeddedServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Drain rate of the retry consumer against the raw limit, in one run on the same PostgreSQL:
 *
 * <ul>
 *   <li>raw: {@link RawFencedUpsert} writes N rows in chunks of the consumer's batch size, with as
 *       many connections as the consumer has threads, in plain JDBC with Tandem's fence table;
 *   <li>drain: the retry consumer service, started once as in production, is stopped while N
 *       mutations of the same shape are produced to its topic, then started to drain them; the rate
 *       counts the records committed after its first commit.
 * </ul>
 *
 * Both run once on a smaller warm-up first (in no figure), then alternate raw, drain, raw, drain, raw
 * into fresh tables, so that a drift of the shared machine's load touches both alike. It prints every
 * run, the ratio of the best runs and of the means, and the CPU each side spent per 1,000 rows (this
 * JVM, which hosts the broker, and PostgreSQL). Diagnostics follow: a two-column fence in plain JDBC,
 * and the library's fenced batch apply without Kafka.
 *
 * <p>Arguments: {@code [rows=1000000] [batch=500] [concurrency=1] [partitions=3] [modes]}. With
 * {@code modes} (a comma-separated list of {@code row-wise}, {@code copy}, {@code in-table}) it
 * compares the fence's apply paths instead ({@link DrainModes}), the first mode the base of the ratios.
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
        if (args.length > 4) {
            DrainModes.run(postgres, kafka, rows, batch, concurrency, partitions, DrainModes.parse(args[4]));
            System.exit(0);
        }

        long warmUp = Math.max(1, Math.min(rows / 5, 200_000));
        String topic = "bench.retry";
        kafka.createTopic(topic, partitions);
        kafka.createTopic(topic + ".dlt", 1);
        List<Run> raws = new ArrayList<>();
        List<Run> drains = new ArrayList<>();
        // One consumer service for every drain, as in production: it starts once, drains a warm-up
        // backlog (in no figure), and between drains is stopped while the next backlog is produced.
        try (ConsumerService service = ConsumerService.start(postgres, kafka, topic, batch, concurrency)) {
            service.stop();
            produce(kafka, topic, "warmed", warmUp);
            raw(secondary, "raw_warmup", warmUp, batch, concurrency, RawFencedUpsert.Fence.TANDEM);
            service.drain("warmed", warmUp);
            System.out.printf("(the warm-up runs above are in no figure)%n%n");

            // Alternated, so that a drift of the machine's load shows and touches both sides alike.
            raws.add(raw(secondary, "raw_1", rows, batch, concurrency, RawFencedUpsert.Fence.TANDEM));
            for (int round = 1; round <= 2; round++) {
                service.stop();
                produce(kafka, topic, "drained_" + round, rows);
                drains.add(service.drain("drained_" + round, rows));
                service.stop();
                raws.add(raw(secondary, "raw_" + (round + 1), rows, batch, concurrency, RawFencedUpsert.Fence.TANDEM));
            }
        }

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

    static Run best(List<Run> runs) {
        return runs.stream()
                .max(java.util.Comparator.comparingDouble(Run::rate))
                .orElseThrow();
    }

    static double mean(List<Run> runs) {
        return runs.stream().mapToLong(Run::count).sum()
                / runs.stream().mapToDouble(Run::seconds).sum();
    }

    static double cpuPerThousand(List<Run> runs) {
        return 1e6
                * runs.stream().mapToDouble(Run::cpuSeconds).sum()
                / runs.stream().mapToLong(Run::count).sum();
    }

    /** One raw-limit run into a fresh {@code table}, checked (row count and sum) before it is printed. */
    static Run raw(
            DataSource secondary, String table, long rows, int batch, int connections, RawFencedUpsert.Fence fence)
            throws Exception {
        RawFencedUpsert raw = new RawFencedUpsert(secondary, table, fence);
        raw.create();
        CpuTime cpu = CpuTime.now();
        long start = System.nanoTime();
        long written = raw.write(rows, 1, batch, connections);
        CpuTime cpuEnd = CpuTime.now();
        Run run = new Run(written, seconds(start), cpuEnd.secondsSince(cpu));
        verify(secondary, table, rows);
        System.out.printf(
                "raw %s (%s fence): %d rows in %.1f s = %,.0f rows/s (CPU: %s)%n",
                table, fence, written, run.seconds(), run.rate(), cpuEnd.since(cpu));
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

    /** Produces {@code rows} upserts of {@code table} (ids 1 to rows) to {@code topic}, outside any figure. */
    static void produce(EmbeddedKafka kafka, String topic, String table, long rows) throws Exception {
        long start = System.nanoTime();
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
        System.out.printf("produced %d records for %s in %.1f s (in no figure)%n", rows, table, seconds(start));
    }

    static void verify(DataSource secondary, String table, long rows) throws Exception {
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

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
