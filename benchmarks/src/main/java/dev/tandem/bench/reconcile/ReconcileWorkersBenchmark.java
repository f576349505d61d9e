package dev.tandem.bench.reconcile;

import dev.tandem.bench.dualwrite.ForkedBroker;
import dev.tandem.bench.peers.Server;
import dev.tandem.bench.workers.WorkersTable;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import dev.tandem.testkit.EmbeddedServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The distributed reconcile with 1, 2 and 3 worker processes against the in-process run, on the same
 * rows in one run (issue 18): a MariaDB primary and a PostgreSQL secondary with the same N rows of
 * {@link ReconcileTable} and {@value ReconcileTable#PLANTED} differences planted, a Kafka broker in a
 * JVM of its own. Every {@code tandem} runs as an operator starts it, a JVM per process: {@code tandem
 * run --full} in-process, and {@code tandem run --full} coordinating {@code tandem run --worker}
 * processes. The table is planned in segments of N/30 rows on a tasks topic of 6 partitions, so that
 * 1, 2 and 3 workers each hold an equal share; the settle window is 0.
 *
 * <p>Each run gets topics and a consumer group of its own; the kinds run in turn every round, in the
 * opposite order the next round. After each run the benchmark checks the process exited 1
 * (differences), the run stored one new record whose counts equal a single comparison in this JVM
 * (rows compared, found by kind, confirmed, by column), and for a distributed run that every segment
 * was compared once by a started worker and the workers' rows add up; otherwise it exits 1 with the
 * reason and prints no figure. Arguments: {@code [rows=300000] [rounds=2]}.
 */
public final class ReconcileWorkersBenchmark {

    private static final String DATABASE = "rcworkers";
    private static final int SEGMENTS = 30;
    private static final List<Integer> KINDS = List.of(0, 1, 2, 3);

    private ReconcileWorkersBenchmark() {}

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace(); // the embedded servers' threads would keep the JVM alive
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 300_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        if (rows % (SEGMENTS * 1_000) != 0) {
            throw new IllegalArgumentException("rows must be a multiple of " + SEGMENTS * 1_000 + " (" + SEGMENTS
                    + " segments of whole thousands), was " + rows);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, was " + rounds);
        }
        if (!ForkedBroker.possible()) {
            throw new IllegalStateException("Start the benchmark with java -cp (see the README): the broker and every"
                    + " tandem process run in JVMs of their own");
        }
        DataSource primary = EmbeddedServices.mariaDb().dataSource(DATABASE);
        DataSource secondary = EmbeddedServices.postgres().dataSource(DATABASE);
        ReconcileTable.awaitConnection(primary);
        ReconcileTable.awaitConnection(secondary);
        long seedStart = System.nanoTime();
        ReconcileTable.create(primary, secondary, rows);
        long segmentRows = rows / SEGMENTS;
        TableResult expected =
                new TableReconciliation(primary, secondary, Duration.ZERO, 1_000).run(TableSpec.of("big"));
        if (expected.confirmedTotal() != ReconcileTable.PLANTED) {
            throw new IllegalStateException("A single comparison confirmed " + expected.confirmedTotal()
                    + " differences (" + expected.confirmed() + "), not the " + ReconcileTable.PLANTED + " planted");
        }
        System.out.printf(
                "rows=%d rounds=%d cores=%d; segments of %d rows on %d partitions; %d differences planted;"
                        + " seeded and compared once in %.0f s (not measured)%n%n",
                rows,
                rounds,
                Runtime.getRuntime().availableProcessors(),
                segmentRows,
                ReconcileConfig.PARTITIONS,
                ReconcileTable.PLANTED,
                (System.nanoTime() - seedStart) / 1e9);
        try (ForkedBroker broker = ForkedBroker.start("tandem.bench.ready", 1);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            ReconcileConfig config = ReconcileConfig.write(
                    Server.of(EmbeddedServices.mariaDb(), DATABASE),
                    Server.of(EmbeddedServices.postgres(), DATABASE),
                    broker.bootstrapServers(),
                    segmentRows);
            try {
                // The primary's keys are 1 to rows: a segment boundary every segmentRows keys, then the open end.
                ReconcileRuns runs = new ReconcileRuns(
                        secondary, config, admin, broker.handle(), expected, (int) (rows / segmentRows) + 1);
                WorkersTable table = new WorkersTable(
                        rows,
                        "tandem run",
                        "compare",
                        "Compare span: the table's comparison as the run record holds it (planning, segments and"
                                + " re-checks; for a distributed run from the coordinator's plan to the last result).");
                for (int round = 1; round <= rounds; round++) {
                    for (int workers : WorkersTable.order(round, KINDS)) {
                        table.add(round, workers == 0 ? runs.inProcess() : runs.distributed(workers));
                    }
                }
                table.printSummary();
            } finally {
                config.delete();
            }
        }
    }
}
