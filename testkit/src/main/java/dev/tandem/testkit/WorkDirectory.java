package dev.tandem.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder below which the embedded services keep their files: one sub-folder per server
 * instance, marked with the pid of the JVM that owns it, so that a later JVM can tell the folders of
 * a killed run from live ones and clean them up.
 */
final class WorkDirectory {

    static final String PROPERTY = "tandem.testkit.work-dir";
    private static final String OWNER_FILE = "owner.pid";
    private static final Logger log = LoggerFactory.getLogger(WorkDirectory.class);
    private static final AtomicInteger sequence = new AtomicInteger();

    private WorkDirectory() {}

    /** The configured root ({@value #PROPERTY}), or {@code target/tandem-services} under the current folder. */
    static Path root() {
        String configured = System.getProperty(PROPERTY);
        Path root = configured != null ? Path.of(configured) : Path.of("target", "tandem-services");
        return createDirectories(root.toAbsolutePath().normalize());
    }

    /**
     * Removes the folders of {@code service} whose owning JVM is gone, first letting {@code stopServer}
     * end any server process still running from them, then returns a new folder owned by this JVM.
     */
    static Path newInstance(Path root, String service, Consumer<Path> stopServer) {
        sweepStale(root, service, stopServer);
        long pid = ProcessHandle.current().pid();
        Path dir = createDirectories(root.resolve(service + "-" + pid + "-" + sequence.incrementAndGet()));
        write(dir.resolve(OWNER_FILE), Long.toString(pid));
        return dir;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Could not delete {} completely: {}", dir, e.toString());
        }
    }

    /** The pid written in the first line of {@code pidFile}, if the file exists and holds one. */
    static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Ends a process left behind by a killed run: politely first, then forcibly. */
    static void endOrphan(long pid) {
        ProcessHandle.of(pid).ifPresent(process -> {
            log.info("Ending orphaned server process {}", pid);
            process.destroy();
            try {
                process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
    }

    private static void sweepStale(Path root, String service, Consumer<Path> stopServer) {
        try (Stream<Path> children = Files.list(root)) {
            children.filter(dir ->
                            dir.getFileName().toString().matches(java.util.regex.Pattern.quote(service) + "-\\d+-\\d+"))
                    .filter(WorkDirectory::ownerIsGone)
                    .forEach(dir -> {
                        log.info("Cleaning up {} left behind by a JVM that is gone", dir);
                        stopServer.accept(dir);
                        deleteRecursively(dir);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + root, e);
        }
    }

    private static boolean ownerIsGone(Path dir) {
        return readPid(dir.resolve(OWNER_FILE))
                .map(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true))
                .orElse(true);
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + dir, e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
