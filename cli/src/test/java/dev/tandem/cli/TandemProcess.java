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
