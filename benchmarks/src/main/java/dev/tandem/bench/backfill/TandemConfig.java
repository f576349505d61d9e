package dev.tandem.bench.backfill;

import dev.tandem.bench.peers.Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What every {@code tandem backfill} process of {@link BackfillWorkersBenchmark} shares, in a YAML
 * file as an operator would write it: the stores, table {@code big}, one copying thread per process,
 * the chunk size, the broker and the tasks topic's partitions. What differs per run and process
 * (distributed or not, the run's topic and group, the worker id) is given on the command line.
 *
 * @param file the YAML file; deleted by {@link #delete()}
 */
record TandemConfig(Path file) {

    /** The tasks topic's partitions: 1, 2 and 3 workers each get an equal share of them. */
    static final int PARTITIONS = 6;

    static TandemConfig write(Server primary, Server secondary, String bootstrapServers, int chunkRows)
            throws IOException {
        Path file = Files.createTempFile("tandem-bench-workers", ".yml");
        Files.writeString(
                file,
                "spring:\n  kafka:\n    bootstrap-servers: \"" + bootstrapServers + "\"\n"
                        + "tandem:\n  reconciler:\n"
                        + "    primary: " + store(primary) + "\n"
                        + "    secondary: " + store(secondary) + "\n"
                        + "    tables:\n      - name: big\n        version-column: version\n"
                        + "  backfill:\n"
                        + "    workers: 1\n"
                        + "    chunk-rows: " + chunkRows + "\n"
                        + "    progress-interval: 5s\n"
                        + "    distributed:\n      partitions: " + PARTITIONS + "\n",
                StandardCharsets.UTF_8);
        return new TandemConfig(file);
    }

    /** {@code tandem backfill} in-process: one process, one copying thread. */
    List<String> inProcess() {
        return List.of("backfill", location());
    }

    /** {@code tandem backfill} coordinating the workers of {@code group} through {@code topic}. */
    List<String> coordinator(String topic, String group) {
        return List.of(
                "backfill", location(), "--tandem.backfill.distributed.enabled=true", topic(topic), group(group));
    }

    /** {@code tandem backfill --worker} named {@code workerId} in {@code group}. */
    List<String> worker(String topic, String group, String workerId) {
        return List.of(
                "backfill",
                "--worker",
                location(),
                "--tandem.backfill.distributed.enabled=true",
                topic(topic),
                group(group),
                "--tandem.backfill.distributed.worker-id=" + workerId);
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private String location() {
        return "--spring.config.additional-location=file:" + file;
    }

    private static String topic(String topic) {
        return "--tandem.backfill.distributed.tasks-topic=" + topic;
    }

    private static String group(String group) {
        return "--tandem.backfill.distributed.group=" + group;
    }

    private static String store(Server server) {
        return "{ url: \"" + server.jdbcUrl() + "\", username: \"" + server.user() + "\", password: \""
                + server.password() + "\" }";
    }
}
