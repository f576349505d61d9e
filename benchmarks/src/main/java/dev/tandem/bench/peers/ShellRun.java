package dev.tandem.bench.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One shell command line run under {@code /usr/bin/time}: how long it took and the CPU time it and
 * every process it waited for spent. A command that exits non-zero, or does not end within its
 * time limit, fails the benchmark with its output, never a figure.
 *
 * @param seconds wall time
 * @param cpuSeconds user and system CPU time of the command and its children
 */
public record ShellRun(double seconds, double cpuSeconds) {

    private static final Path TIME = Path.of("/usr/bin/time");

    /** Whether {@code program} is on the PATH (and {@code /usr/bin/time}, which measures it, exists). */
    public static boolean available(String program) {
        if (!Files.isExecutable(TIME)) {
            return false;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code commandLine} with {@code bash -o pipefail -c}, with {@code environment} added (e.g.
     * a password, so that it is never part of the command line), and waits at most {@code limitSeconds}.
     */
    public static ShellRun of(String what, String commandLine, Map<String, String> environment, long limitSeconds)
            throws IOException, InterruptedException {
        Path times = Files.createTempFile("tandem-bench-time", ".txt");
        Path output = Files.createTempFile("tandem-bench-output", ".txt");
        try {
            List<String> command = new ArrayList<>(
                    List.of(TIME.toString(), "-f", "%e %U %S", "-o", times.toString(), "bash", "-o", "pipefail", "-c"));
            command.add(commandLine);
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(
                        what + " did not end within " + limitSeconds + " s; its output:\n" + tail(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        what + " exited with " + process.exitValue() + "; its output:\n" + tail(output));
            }
            String[] measured =
                    Files.readString(times, StandardCharsets.UTF_8).trim().split("\\s+");
            int n = measured.length;
            if (n < 3) {
                throw new IllegalStateException(
                        what + ": /usr/bin/time wrote no measurement: " + String.join(" ", measured));
            }
            return new ShellRun(
                    Double.parseDouble(measured[n - 3]),
                    Double.parseDouble(measured[n - 2]) + Double.parseDouble(measured[n - 1]));
        } finally {
            Files.deleteIfExists(times);
            Files.deleteIfExists(output);
        }
    }

    /** The output of a command, for a failure: its last 40 lines. */
    private static String tail(Path output) throws IOException {
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** {@code value} quoted for bash. */
    public static String quoted(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
