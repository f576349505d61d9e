package dev.tandem.bench.backfill;

import dev.tandem.bench.dualwrite.ForkedBroker;
import dev.tandem.bench.peers.Server;
import dev.tandem.bench.workers.WorkersTable;
import dev.tandem.testkit.EmbeddedServices;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The distributed backfill with 1, 2 and 3 worker processes against the in-process backfill, on the
 * same rows in one run (issue 18): a MariaDB primary with N rows of {@link BigTable}, an empty
 * PostgreSQL secondary, a Kafka broker in a JVM of its own. Every {@code tandem} runs as an operator
 * starts it, a JVM per process: {@code tandem backfill} in-process with one copying thread, and
 * {@code tandem backfill} coordinating {@code tandem backfill --worker} processes of one copying
 * thread each. The table is planned in 30 chunks on a tasks topic of 6 partitions, so that 1, 2 and
 * 3 workers each hold an equal share.
 *
 * <p>Before each run the secondary is emptied (table, fence, checkpoints) and the run gets a tasks
 * topic and a consumer group of its own; the kinds run in turn every round, in the opposite order
 * the next round. After each run the benchmark checks the process exited 0, every chunk is DONE in
 * the checkpoints by one run and by the workers started, every task was committed, each chunk was
 * finished by exactly one worker once, and both tables hold the same rows value for value; otherwise
 * it exits 1 with the reason and prints no figure. Arguments: {@code [rows=300000] [rounds=2]}.
 */
public final class BackfillWorkersBenchmark {

    private static final String DATABASE = "bfworkers";
    private static final int CHUNKS = 30;
    private static final List<Integer> KINDS = List.of(0, 1, 2, 3);

    private BackfillWorkersBenchmark() {}

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
        if (rows % (CHUNKS * 1_000) != 0) {
            throw new IllegalArgumentException(
                    "rows must be a multiple of " + CHUNKS * 1_000 + " (30 chunks of whole thousands), was " + rows);
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
        BigTable.awaitConnection(primary);
        BigTable.awaitConnection(secondary);
        long seedStart = System.nanoTime();
        BigTable.create(primary, secondary, rows);
        int chunkRows = (int) (rows / CHUNKS);
        System.out.printf(
                "rows=%d rounds=%d cores=%d; %d chunks of %d rows on %d partitions; seeded in %.0f s (not measured)%n%n",
                rows,
                rounds,
                Runtime.getRuntime().availableProcessors(),
                CHUNKS,
                chunkRows,
                TandemConfig.PARTITIONS,
                (System.nanoTime() - seedStart) / 1e9);
        try (ForkedBroker broker = ForkedBroker.start("tandem.bench.ready", 1);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TandemConfig config = TandemConfig.write(
                    Server.of(EmbeddedServices.mariaDb(), DATABASE),
                    Server.of(EmbeddedServices.postgres(), DATABASE),
                    broker.bootstrapServers(),
                    chunkRows);
            try {
                BackfillRuns runs = new BackfillRuns(primary, secondary, config, admin, broker.handle(), rows);
                WorkersTable table = new WorkersTable(
                        rows,
                        "tandem backfill",
                        "copy",
                        "Copy span: first chunk started to last chunk finished, from the checkpoints.");
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
