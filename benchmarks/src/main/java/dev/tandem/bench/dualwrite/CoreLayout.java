package dev.tandem.bench.dualwrite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fair layout of issue 19 on a machine of two or more cores: the application's JVM and the
 * MariaDB primary share core 0, as an application and its database would share a host's budget;
 * PostgreSQL (the secondary) and the Kafka broker run on core 1, as on other hosts. Pinned with
 * {@code taskset} (all threads; PostgreSQL's backends inherit the postmaster's core when they start).
 */
final class CoreLayout {

    private CoreLayout() {}

    /** Whether {@code taskset} exists and there are two cores to separate the work on. */
    static boolean possible() {
        return Runtime.getRuntime().availableProcessors() >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset"));
    }

    /** Pins this JVM and the MariaDB server to core 0, PostgreSQL and the broker JVM to core 1. */
    static String pin(ProcessHandle broker) throws IOException, InterruptedException {
        List<ProcessHandle> application = new ArrayList<>(List.of(ProcessHandle.current()));
        List<ProcessHandle> elsewhere = new ArrayList<>(List.of(broker));
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            String command = child.info().command().orElse("");
            if (command.contains("mariadbd") || command.contains("mysqld")) {
                application.add(child);
            } else if (command.contains("postgres")) {
                elsewhere.add(child);
            }
        }
        for (ProcessHandle p : application) {
            taskset("0", p);
        }
        for (ProcessHandle p : elsewhere) {
            taskset("1", p);
        }
        return "core 0: this JVM and MariaDB (" + pids(application) + "); core 1: PostgreSQL and the broker JVM ("
                + pids(elsewhere) + ")";
    }

    private static void taskset(String core, ProcessHandle process) throws IOException, InterruptedException {
        Process taskset = new ProcessBuilder("/usr/bin/taskset", "-a", "-p", "-c", core, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
            throw new IllegalStateException("taskset could not pin process " + process.pid() + " to core " + core);
        }
    }

    private static String pids(List<ProcessHandle> processes) {
        return String.join(
                ", ", processes.stream().map(p -> Long.toString(p.pid())).toList());
    }

    /**
     * Pins PostgreSQL to core 1 again: after the benchmark stopped and started it (the breaker-open
     * modes), its new processes took this JVM's core.
     */
    static void repinSecondary() throws IOException, InterruptedException {
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            if (child.info().command().orElse("").contains("postgres")) {
                taskset("1", child);
            }
        }
    }
}
