package dev.tandem.bench.reconcile;

import dev.tandem.bench.peers.Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What every {@code tandem run} process of {@link ReconcileWorkersBenchmark} shares, in a YAML file as
 * an operator would write it: the stores, table {@code big}, no settle window, the segment size, the
 * broker and the tasks topic's partitions. What differs per run and process (distributed or not, the
 * run's topics and group, the worker id) is given on the command line.
 *
 * @param file the YAML file; deleted by {@link #delete()}
 */
record ReconcileConfig(Path file) {

    /** The tasks topic's partitions: 1, 2 and 3 workers each get an equal share of them. */
    static final int PARTITIONS = 6;

    static ReconcileConfig write(Server primary, Server secondary, String bootstrapServers, long segmentRows)
            throws IOException {
        Path file = Files.createTempFile("tandem-bench-reconcile-workers", ".yml");
        Files.writeString(
                file,
                "spring:\n  kafka:\n    bootstrap-servers: \"" + bootstrapServers + "\"\n"
                        + "tandem:\n  reconciler:\n"
                        + "    primary: " + store(primary) + "\n"
                        + "    secondary: " + store(secondary) + "\n"
                        + "    tables:\n      - name: big\n"
                        + "    settle: 0s\n"
                        + "    distributed:\n"
                        + "      partitions: " + PARTITIONS + "\n"
                        + "      segment-rows: " + segmentRows + "\n",
                StandardCharsets.UTF_8);
        return new ReconcileConfig(file);
    }

    /** {@code tandem run --full} in-process: one process compares the table. */
    List<String> inProcess() {
        return List.of("run", "--full", location());
    }

    /** {@code tandem run --full} coordinating the workers of {@code group}. */
    List<String> coordinator(String run, String group) {
        return List.of(
                "run",
                "--full",
                location(),
                "--tandem.reconciler.distributed.enabled=true",
                tasks(run),
                results(run),
                group(group));
    }

    /** {@code tandem run --worker} named {@code workerId} in {@code group}. */
    List<String> worker(String run, String group, String workerId) {
        return List.of(
                "run",
                "--worker",
                location(),
                "--tandem.reconciler.distributed.enabled=true",
                tasks(run),
                results(run),
                group(group),
                "--tandem.reconciler.distributed.worker-id=" + workerId);
    }

    /** The run's tasks topic. */
    static String tasksTopic(String run) {
        return "tandem.bench.reconcile.tasks." + run;
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private String location() {
        return "--spring.config.additional-location=file:" + file;
    }

    private static String tasks(String run) {
        return "--tandem.reconciler.distributed.tasks-topic=" + tasksTopic(run);
    }

    private static String results(String run) {
        return "--tandem.reconciler.distributed.results-topic=tandem.bench.reconcile.results." + run;
    }

    private static String group(String group) {
        return "--tandem.reconciler.distributed.group=" + group;
    }

    private static String store(Server server) {
        return "{ url: \"" + server.jdbcUrl() + "\", username: \"" + server.user() + "\", password: \""
                + server.password() + "\" }";
    }
}
