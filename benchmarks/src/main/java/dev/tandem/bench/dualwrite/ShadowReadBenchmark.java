package dev.tandem.bench.dualwrite;

import dev.tandem.core.SecondaryStore;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.Phase;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterConfig;
import dev.tandem.dualwrite.RetryHandOff;
import dev.tandem.dualwrite.migration.GateSettings;
import dev.tandem.dualwrite.migration.Migration;
import dev.tandem.dualwrite.migration.MigrationConfig;
import dev.tandem.dualwrite.migration.MigrationControl;
import dev.tandem.dualwrite.migration.MigrationStores;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The caller's read latency with shadow reads at 0 % and at 100 %, in the same run, alternated:
 * the comparison runs off the request path, so p50 and p99 should not move. MariaDB is the primary,
 * PostgreSQL the secondary, both embedded.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl benchmarks exec:java \
 *     -Dexec.mainClass=dev.tandem.bench.dualwrite.ShadowReadBenchmark [-Dexec.args="20000"]
 * </pre>
 */
public final class ShadowReadBenchmark {

    private static final int ROWS = 10_000;

    public static void main(String[] args) throws Exception {
        int reads = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String id = UUID.randomUUID().toString().substring(0, 8);
        String database = "bench_" + id;
        DataSource origin = EmbeddedServices.mariaDb().dataSource(database);
        DataSource target = EmbeddedServices.postgres().dataSource(database);
        EmbeddedKafka kafka = EmbeddedServices.kafka();
        seed(origin, "DECIMAL(12,2)");
        seed(target, "NUMERIC(12,2)");
        RetryHandOff none = (mutation, reason, cause) -> {};
        ControlTopic control = new ControlTopic(kafka.bootstrapServers(), "tandem.control." + id, null, Map.of());
        String migration = "bench-" + id;
        try (control;
                Migration instance = Migration.start(
                        control,
                        new MigrationStores(
                                origin,
                                target,
                                DualWriter.of(SecondaryStore.of(target), none, DualWriterConfig.ofDefaults()),
                                DualWriter.of(SecondaryStore.of(origin), none, DualWriterConfig.ofDefaults())),
                        MigrationConfig.custom(migration)
                                .stateDirectory(Files.createTempDirectory("tandem-bench"))
                                .shadowQueue(10_000)
                                .build());
                MigrationControl operator = MigrationControl.connect(control, migration, GateSettings.defaults())) {
            instance.awaitCaughtUp(Duration.ofSeconds(10));
            System.out.printf("%d reads per round, %d rows, MariaDB primary, PostgreSQL shadow%n", reads, ROWS);
            operator.change(Phase.SHADOW_READ, 0, "bench", "warm-up");
            await(instance, 0);
            measure(instance, reads); // warm-up, not printed
            int percent = 0;
            for (int round = 1; round <= 4; round++) {
                percent = round % 2 == 1 ? 100 : 0;
                operator.change(Phase.SHADOW_READ, percent, "bench", "round " + round);
                await(instance, percent);
                long comparedBefore = instance.reads().compared();
                long[] nanos = measure(instance, reads);
                instance.reads().awaitIdle(Duration.ofMinutes(2));
                Arrays.sort(nanos);
                System.out.printf(
                        "round %d  shadow %3d %%  caller p50 %6.3f ms  p99 %6.3f ms  max %7.3f ms  compared %d,"
                                + " mismatched %d, dropped %d%n",
                        round,
                        percent,
                        nanos[nanos.length / 2] / 1e6,
                        nanos[(int) (nanos.length * 0.99)] / 1e6,
                        nanos[nanos.length - 1] / 1e6,
                        instance.reads().compared() - comparedBefore,
                        instance.reads().mismatched(),
                        instance.reads().dropped());
            }
        }
        System.exit(0);
    }

    private static long[] measure(Migration instance, int reads) {
        long[] nanos = new long[reads];
        for (int i = 0; i < reads; i++) {
            long key = 1 + ThreadLocalRandom.current().nextInt(ROWS);
            long start = System.nanoTime();
            instance.reads().row("accounts", Map.of("id", key));
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    private static void await(Migration instance, int percent) throws InterruptedException {
        while (instance.state().percent() != percent || instance.state().phase() != Phase.SHADOW_READ) {
            Thread.sleep(10);
        }
    }

    private static void seed(DataSource dataSource, String decimal) throws Exception {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, balance "
                    + decimal + ", owner VARCHAR(50))");
            for (int from = 1; from <= ROWS; from += 1_000) {
                StringBuilder sql = new StringBuilder("INSERT INTO accounts VALUES ");
                for (int i = from; i < from + 1_000; i++) {
                    sql.append(i == from ? "" : ", ")
                            .append("(")
                            .append(i)
                            .append(", 1, ")
                            .append(i)
                            .append(".25, 'owner ")
                            .append(i)
                            .append("')");
                }
                statement.execute(sql.toString());
            }
        }
    }
}
