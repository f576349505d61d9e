package dev.tandem.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@code tandem} as the operator does: its own JVM, {@code Tandem.main}, with the command line's
 * logging configuration (not the tests'), standard output and error captured apart.
 */
public final class TandemProcess {

    private TandemProcess() {}

    /** What one command did. */
    public record Result(int status, String out, String err, long millis) {

        /** Standard error's lines, empty ones left out. */
        public List<String> errLines() {
            return err.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    /** Runs {@code tandem args…}, waiting at most {@code timeoutSeconds}. */
    public static Result run(long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", classpath(), Tandem.class.getName()));
        command.addAll(Arrays.asList(args));
        try {
            Path out = Files.createTempFile("tandem-out", ".txt");
            Path err = Files.createTempFile("tandem-err", ".txt");
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("tandem " + String.join(" ", args) + " did not end within " + timeoutSeconds
                        + " s; stderr: " + Files.readString(err));
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            Result result = new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8),
                    millis);
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts {@code tandem args…} and leaves it running; its output goes to files read as it grows. */
    public static Running start(String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", classpath(), Tandem.class.getName()));
        command.addAll(Arrays.asList(args));
        try {
            Path out = Files.createTempFile("tandem-out", ".txt");
            Path err = Files.createTempFile("tandem-err", ".txt");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            return new Running(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code tandem} process started by {@link #start}. */
    public static final class Running {
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** Standard output so far. */
        public String out() {
            return read(out);
        }

        /** Standard error so far. */
        public String err() {
            return read(err);
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public long pid() {
            return process.pid();
        }

        /** Ends it at once, as {@code kill -9} does: no shutdown hook runs. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        /** Asks it to end, as {@code kill} (SIGTERM) does, and returns its exit status. */
        public int terminate(long timeoutSeconds) throws InterruptedException {
            process.destroy();
            return waitFor(timeoutSeconds);
        }

        /**
         * Asks {@code found} every 20 ms until it returns a value, and returns that value; fails the test
         * if this process ends first or {@code timeoutSeconds} pass, naming {@code what} and its stderr.
         */
        public <T> T await(Callable<T> found, String what, long timeoutSeconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                T value = found.call();
                if (value != null) {
                    return value;
                }
                if (!isAlive()) {
                    throw new AssertionError("tandem ended while waiting for: " + what + "; stderr: " + err());
                }
                if (System.nanoTime() >= deadline) {
                    throw new AssertionError("waited " + timeoutSeconds + " s for: " + what + "; stderr: " + err());
                }
                Thread.sleep(20);
            }
        }

        /** Waits for it to end and returns its exit status. */
        public int waitFor(long timeoutSeconds) throws InterruptedException {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("tandem did not end within " + timeoutSeconds + " s; stderr: " + err());
            }
            return process.exitValue();
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test's class path without the test classes (and their logback-test.xml). */
    private static String classpath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(full.split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
