package dev.tandem.bench.workers;

import dev.tandem.cli.Tandem;
import dev.tandem.testkit.CpuTime;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One {@code tandem} command in a JVM of its own, as an operator starts it (the command line's own
 * logging, standard output and error to files). A command that ends by itself runs under
 * {@code /usr/bin/time}, which reads its exact CPU time at its exit; a long-running one (a worker) is
 * read from {@code /proc} while it runs. Every JVM started is ended when the benchmark's JVM exits.
 */
public final class TandemJvm implements AutoCloseable {

    private static final Path TIME = Path.of("/usr/bin/time");
    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "tandem-jvm-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;
    private final Path times;
    private final long startedNanos;
    private long endedNanos;

    private TandemJvm(String name, Process process, Path out, Path err, Path times, long startedNanos) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
        this.times = times;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts {@code tandem args…} with a heap of {@code heapMb}; {@code timed} runs it under
     * {@code /usr/bin/time} for {@link #exitCpuSeconds()}.
     */
    public static TandemJvm start(String name, boolean timed, int heapMb, List<String> args) throws IOException {
        if (timed && !Files.isExecutable(TIME)) {
            throw new IllegalStateException(
                    TIME + " is needed to read the CPU time of " + name + " (Debian package time)");
        }
        Path out = Files.createTempFile("tandem-bench-" + name.replace(' ', '-'), ".out");
        Path err = Files.createTempFile("tandem-bench-" + name.replace(' ', '-'), ".err");
        Path times = timed ? Files.createTempFile("tandem-bench-time", ".txt") : null;
        List<String> command = new ArrayList<>();
        if (timed) {
            command.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", times.toString()));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m",
                "-cp",
                classPath(),
                Tandem.class.getName()));
        command.addAll(args);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        STARTED.add(process);
        return new TandemJvm(name, process, out, err, times, started);
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** CPU seconds the JVM has used so far (read from {@code /proc} while it runs). */
    public double cpuSeconds() {
        ProcessHandle java = times == null
                ? process.toHandle()
                : process.descendants().findFirst().orElse(process.toHandle());
        return CpuTime.processNanos(java) / 1e9;
    }

    /** Waits for the command to end by itself and returns its exit status; ends it after {@code limit}. */
    public int awaitExit(Duration limit) throws IOException, InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(
                    name + " did not end within " + limit.toSeconds() + " s; its error output:\n" + errTail());
        }
        endedNanos = System.nanoTime();
        return process.exitValue();
    }

    /**
     * Waits for the command to end by itself with {@code expected} status; otherwise throws with its
     * output, naming the run {@code kind}.
     */
    public void awaitExit(String kind, Duration limit, int expected) throws IOException, InterruptedException {
        int status = awaitExit(limit);
        if (status != expected) {
            throw new IllegalStateException(kind + ": " + name + " exited with " + status + ", not " + expected
                    + "; its output:\n" + out() + "\nits error output:\n" + errTail());
        }
    }

    /** Seconds from its start to its exit. */
    public double seconds() {
        if (endedNanos == 0) {
            throw new IllegalStateException(name + " has not ended");
        }
        return (endedNanos - startedNanos) / 1e9;
    }

    /** The user and system CPU seconds of a timed command that has ended, as {@code /usr/bin/time} read them. */
    public double exitCpuSeconds() throws IOException {
        if (times == null || endedNanos == 0) {
            throw new IllegalStateException(name + " is not timed or has not ended");
        }
        List<String> lines = Files.readAllLines(times, StandardCharsets.UTF_8);
        String[] fields = lines.isEmpty()
                ? new String[0]
                : lines.get(lines.size() - 1).trim().split("\\s+");
        if (fields.length != 2) {
            throw new IllegalStateException(name + ": /usr/bin/time wrote no measurement: " + lines);
        }
        return Double.parseDouble(fields[0]) + Double.parseDouble(fields[1]);
    }

    /** Asks the JVM to stop (SIGTERM, its shutdown hook runs) and waits; kills it after {@code limit}. */
    public void stop(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Its standard output so far. */
    public String out() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The last 30 lines of its standard error, for a failure. */
    public String errTail() throws IOException {
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        STARTED.remove(process);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        if (times != null) {
            Files.deleteIfExists(times);
        }
    }

    /** This JVM's class path without the benchmarks' own classes (and their logback.xml, which logs to stdout). */
    private static String classPath() {
        String classPath = System.getProperty("java.class.path");
        if (!classPath.contains("tandem-cli") && !classPath.contains("cli/target/classes")) {
            throw new IllegalStateException("Start the benchmark with java -cp (see the README): the class path "
                    + "must hold the command line for its own JVMs, and this one does not: " + classPath);
        }
        Path own;
        try {
            own = Path.of(TandemJvm.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath()
                    .normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().equals(own))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
