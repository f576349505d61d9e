package dev.tandem.bench.reconcile;

import dev.tandem.bench.peers.Measured;
import dev.tandem.bench.peers.Server;
import dev.tandem.bench.peers.ShellRun;
import dev.tandem.cli.Tandem;
import dev.tandem.testkit.CpuTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code tandem run} in a JVM of its own, as an operator runs it: configuration in a YAML file, the
 * report printed, from the JVM's start to its exit. It must exit 0 (clean and complete), or the
 * benchmark stops with its output.
 */
final class CommandLineRun {

    private CommandLineRun() {}

    /** Reconciles {@code table} of {@code primary} and {@code secondary} once, with the defaults. */
    static Measured.Run reconcile(Server primary, Server secondary, String table) throws Exception {
        Path config = Files.createTempFile("tandem-bench-reconciler", ".yml");
        try {
            Files.writeString(
                    config,
                    "tandem:\n  reconciler:\n"
                            + "    primary: { url: \"" + primary.jdbcUrl() + "\", username: \"" + primary.user()
                            + "\" }\n"
                            + "    secondary: { url: \"" + secondary.jdbcUrl() + "\", username: \""
                            + secondary.user() + "\" }\n"
                            + "    tables:\n      - name: " + table + "\n",
                    StandardCharsets.UTF_8);
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String commandLine = ShellRun.quoted(java) + " -Xmx512m -cp " + ShellRun.quoted(classPath()) + " "
                    + Tandem.class.getName() + " run --spring.config.additional-location=file:"
                    + ShellRun.quoted(config.toString()) + " > /dev/null";
            CpuTime cpuStart = CpuTime.now();
            ShellRun run = ShellRun.of("tandem run", commandLine, Map.of(), 3_600);
            CpuTime cpu = CpuTime.now();
            return new Measured.Run(
                    run.seconds(), cpu.jvmSecondsSince(cpuStart), cpu.serverSecondsSince(cpuStart), run.cpuSeconds());
        } finally {
            Files.deleteIfExists(config);
        }
    }

    private static String classPath() {
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains("tandem-cli") && !classPath.contains("cli/target/classes")) {
            throw new IllegalStateException("Start the benchmark with java -cp (see the README): the class path "
                    + "must hold the command line for its own JVM, and this one does not: " + classPath);
        }
        return classPath;
    }
}
