package dev.tandem.bench.cli;

import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The wall time of {@code tandem runs} (which opens the run store) against {@code tandem --help}
 * (which opens nothing), each a JVM of its own started from the command line's jar, alternated in
 * one run. Each command's output is checked; a wrong one stops the benchmark with status 1.
 *
 * <p>Arguments: the jar ({@code cli/target/tandem-cli-0.1.0-SNAPSHOT-exec.jar}), rounds (5).
 */
public final class CommandStartBenchmark {

    private CommandStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "../cli/target/tandem-cli-0.1.0-SNAPSHOT-exec.jar");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("No command-line jar at " + jar.toAbsolutePath()
                    + "; build it first (mvn -B -q install -DskipTests)");
        }
        EmbeddedDatabase postgres = EmbeddedServices.postgres();
        String store = "--tandem.reconciler.secondary.url=" + postgres.jdbcUrl("cli_start_bench");
        // One untimed round each: the first JVM start reads the jar from disk.
        time(jar, "Usage: tandem", "--help");
        time(jar, "No runs yet.", "runs", store);
        List<Long> help = new ArrayList<>();
        List<Long> runs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            help.add(time(jar, "Usage: tandem", "--help"));
            runs.add(time(jar, "No runs yet.", "runs", store));
        }
        System.out.println("tandem --help (ms): " + help);
        System.out.println("tandem runs   (ms): " + runs);
        System.out.printf(
                Locale.ROOT,
                "median: --help %d ms, runs %d ms, runs/--help %.2f%n",
                median(help),
                median(runs),
                (double) median(runs) / median(help));
        System.exit(0);
    }

    /** Runs the jar with {@code args}; its wall time in ms, after checking it printed {@code expected} first. */
    private static long time(Path jar, String expected, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("tandem-bench-out", ".txt");
        Path err = Files.createTempFile("tandem-bench-err", ".txt");
        try {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("tandem " + String.join(" ", args) + " did not end within 5 minutes");
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            String printed = Files.readString(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || !printed.startsWith(expected)) {
                fail("tandem " + args[0] + " exited " + process.exitValue() + " printing " + printed + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return millis;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(1);
    }
}
