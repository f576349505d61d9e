package dev.tandem.bench.retry;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.ApplyResult;
import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.fence.FencedStoreBuilder;
import dev.tandem.testkit.CpuTime;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedPostgreSql;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The fence's apply paths side by side on the same PostgreSQL, for {@link DrainBenchmark}'s fifth
 * argument: the row-wise statements with the fence table, the bulk apply by COPY with the fence
 * table, and the in-table fence (its row's version column guarding the upsert). For each mode a
 * retry consumer service of its own ({@code tandem.fence.*} set accordingly) drains the same
 * backlog twice, the modes alternating within each round; then the library's fenced apply alone (no
 * Kafka, one connection) writes the same rows once per mode. In each round the raw limit of each
 * fence layout the modes use ({@link RawFencedUpsert}: Tandem's fence table, or the row's own version
 * guarding the upsert) runs after the drains with as many connections as the consumer has threads,
 * and each mode's drain is set against its layout's limit. Every drain, raw run and apply checks its
 * table (row count and sum) and that nothing was dead-lettered or failed before a figure is printed.
 */
final class DrainModes {

    /** One way of applying. */
    enum Mode {
        ROW_WISE,
        COPY,
        IN_TABLE;

        static Mode parse(String name) {
            try {
                return valueOf(name.trim().replace('-', '_').toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "Unknown drain mode '" + name + "'; modes: row-wise, copy, in-table", e);
            }
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The retry consumer's settings for this mode, with {@code tables} under the in-table fence. */
        List<String> settings(List<String> tables) {
            List<String> settings = new ArrayList<>();
            settings.add("--tandem.fence.bulk-threshold=" + (this == COPY ? 1 : 0));
            if (this == IN_TABLE) {
                for (int i = 0; i < tables.size(); i++) {
                    settings.add("--tandem.fence.in-table[" + i + "].table=" + tables.get(i));
                    settings.add("--tandem.fence.in-table[" + i + "].version-column=version");
                }
            }
            return settings;
        }

        /** The column the in-table fence needs after the benchmark's own. */
        String extraColumns() {
            return this == IN_TABLE ? ", version BIGINT NOT NULL" : "";
        }

        /** The raw limit of the same work: plain JDBC with the same fence layout. */
        RawFencedUpsert.Fence rawLimit() {
            return this == IN_TABLE ? RawFencedUpsert.Fence.IN_TABLE : RawFencedUpsert.Fence.TANDEM;
        }

        SecondaryStore store(DataSource secondary, String table) {
            FencedStoreBuilder builder = SecondaryStore.fenced(secondary)
                    .fenceTable("apply_only_fence")
                    .bulkThreshold(this == COPY ? 1 : 0);
            if (this == IN_TABLE) {
                builder.inTableFence(table, "version");
            }
            return builder.build();
        }
    }

    private DrainModes() {}

    static List<Mode> parse(String modes) {
        return Arrays.stream(modes.split(",")).map(Mode::parse).distinct().toList();
    }

    static void run(
            EmbeddedPostgreSql postgres,
            EmbeddedKafka kafka,
            long rows,
            int batch,
            int concurrency,
            int partitions,
            List<Mode> modes)
            throws Exception {
        DataSource secondary = postgres.dataSource("bench");
        long warmUp = Math.max(1, Math.min(rows / 5, 200_000));
        Map<Mode, ConsumerService> services = new EnumMap<>(Mode.class);
        Map<Mode, List<DrainBenchmark.Run>> drains = new EnumMap<>(Mode.class);
        Map<RawFencedUpsert.Fence, List<DrainBenchmark.Run>> limits = new EnumMap<>(RawFencedUpsert.Fence.class);
        try {
            for (Mode mode : modes) {
                String topic = "bench.modes." + mode.label();
                kafka.createTopic(topic, partitions);
                kafka.createTopic(topic + ".dlt", 1);
                List<String> tables = List.of(table(mode, "warm"), table(mode, "1"), table(mode, "2"));
                ConsumerService service = ConsumerService.start(
                        postgres, kafka, topic, batch, concurrency, mode.settings(tables), mode.extraColumns());
                services.put(mode, service);
                service.stop();
                DrainBenchmark.produce(kafka, topic, tables.get(0), warmUp);
                service.drain(tables.get(0), warmUp);
                drains.put(mode, new ArrayList<>());
            }
            System.out.printf("(the warm-up drains above are in no figure)%n%n");
            for (int round = 1; round <= 2; round++) {
                for (Mode mode : modes) {
                    String table = table(mode, Integer.toString(round));
                    ConsumerService service = services.get(mode);
                    service.stop();
                    DrainBenchmark.produce(kafka, "bench.modes." + mode.label(), table, rows);
                    System.out.printf("[%s] ", mode.label());
                    drains.get(mode).add(service.drain(table, rows));
                    service.stop();
                }
                for (RawFencedUpsert.Fence fence :
                        modes.stream().map(Mode::rawLimit).distinct().toList()) {
                    String table = "raw_" + fence.name().toLowerCase(Locale.ROOT) + "_" + round;
                    limits.computeIfAbsent(fence, f -> new ArrayList<>())
                            .add(DrainBenchmark.raw(secondary, table, rows, batch, concurrency, fence));
                }
            }
        } finally {
            services.values().forEach(ConsumerService::close);
        }

        Map<Mode, DrainBenchmark.Run> applies = new EnumMap<>(Mode.class);
        for (Mode mode : modes) {
            applies.put(mode, applyOnly(secondary, mode, rows, batch));
        }
        System.out.printf(
                "%n%-10s %18s %18s %22s %20s%n",
                "mode", "drain best/s", "drain mean/s", "CPU ms / 1,000 drained", "apply only rows/s");
        for (Mode mode : modes) {
            List<DrainBenchmark.Run> runs = drains.get(mode);
            System.out.printf(
                    "%-10s %,18.0f %,18.0f %22.1f %,20.0f%n",
                    mode.label(),
                    DrainBenchmark.best(runs).rate(),
                    DrainBenchmark.mean(runs),
                    DrainBenchmark.cpuPerThousand(runs),
                    applies.get(mode).rate());
        }
        for (RawFencedUpsert.Fence fence : limits.keySet()) {
            List<DrainBenchmark.Run> runs = limits.get(fence);
            System.out.printf(
                    "%-10s %,18.0f %,18.0f %22.1f%n",
                    "raw " + fence.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    DrainBenchmark.best(runs).rate(),
                    DrainBenchmark.mean(runs),
                    DrainBenchmark.cpuPerThousand(runs));
        }
        for (Mode mode : modes) {
            List<DrainBenchmark.Run> limit = limits.get(mode.rawLimit());
            System.out.printf(
                    "%s against its raw limit (%s): drain %.2f best/best, %.2f mean/mean%n",
                    mode.label(),
                    mode.rawLimit().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    DrainBenchmark.best(drains.get(mode)).rate()
                            / DrainBenchmark.best(limit).rate(),
                    DrainBenchmark.mean(drains.get(mode)) / DrainBenchmark.mean(limit));
        }
        Mode base = modes.get(0);
        for (Mode mode : modes.subList(1, modes.size())) {
            System.out.printf(
                    "%s against %s: drain %.2f best/best, %.2f mean/mean; apply only %.2f%n",
                    mode.label(),
                    base.label(),
                    DrainBenchmark.best(drains.get(mode)).rate()
                            / DrainBenchmark.best(drains.get(base)).rate(),
                    DrainBenchmark.mean(drains.get(mode)) / DrainBenchmark.mean(drains.get(base)),
                    applies.get(mode).rate() / applies.get(base).rate());
        }
    }

    private static String table(Mode mode, String run) {
        return "drained_" + mode.name().toLowerCase(Locale.ROOT) + "_" + run;
    }

    /** The library's fenced apply of {@code rows} upserts in batches, one connection, no Kafka; checked. */
    private static DrainBenchmark.Run applyOnly(DataSource secondary, Mode mode, long rows, int batch)
            throws Exception {
        String table = "applied_" + mode.name().toLowerCase(Locale.ROOT);
        try (Connection connection = secondary.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table
                    + " (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance BIGINT NOT NULL"
                    + mode.extraColumns() + ")");
        }
        SecondaryStore store = mode.store(secondary, table);
        List<Mutation> chunk = new ArrayList<>(batch);
        long applied = 0;
        CpuTime cpu = CpuTime.now();
        long start = System.nanoTime();
        for (long id = 1; id <= rows; id++) {
            chunk.add(Mutation.upsert(table)
                    .key("id", id)
                    .version(1)
                    .column("email", DrainBenchmark.email(id))
                    .column("balance", DrainBenchmark.balance(id))
                    .build());
            if (chunk.size() == batch || id == rows) {
                for (ApplyResult result : store.applyAll(chunk)) {
                    if (result.outcome() != ApplyOutcome.APPLIED) {
                        throw new IllegalStateException(
                                mode.label() + ": write " + result.writeId() + " was " + result.outcome());
                    }
                    applied++;
                }
                chunk = new ArrayList<>(batch);
            }
        }
        DrainBenchmark.Run run = new DrainBenchmark.Run(
                applied, DrainBenchmark.seconds(start), CpuTime.now().secondsSince(cpu));
        DrainBenchmark.verify(secondary, table, rows);
        System.out.printf(
                "[%s] fenced apply only: %d rows in %.1f s = %,.0f rows/s%n",
                mode.label(), rows, run.seconds(), run.rate());
        return run;
    }
}
