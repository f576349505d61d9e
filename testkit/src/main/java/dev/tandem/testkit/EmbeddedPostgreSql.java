package dev.tandem.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server from zonky's binaries. zonky's own launcher runs {@code initdb} as the current
 * user, which PostgreSQL refuses when that is root (as on CI machines); this launcher runs the server
 * processes as an unprivileged user in that case and otherwise behaves the same.
 */
public final class EmbeddedPostgreSql implements EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgreSql.class);
    private static final String SERVICE = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final Path dir;
    private final int port;
    private final Pools pools = new Pools(this);
    private final Set<String> databases = ConcurrentHashMap.newKeySet();
    private volatile Process server;

    private EmbeddedPostgreSql(Path binaries, Path dir, int port) {
        this.binaries = binaries;
        this.dir = dir;
        this.port = port;
    }

    /** Initialises and starts a new server below {@code root}; prefer {@link EmbeddedServices#postgres()}. */
    static EmbeddedPostgreSql start(Path root) {
        Path home = root;
        if (Privileges.runningAsRoot() && !Privileges.reachableByOthers(root)) {
            home = Path.of(System.getProperty("java.io.tmpdir"), "tandem-services");
            log.info("{} is not reachable by user {}; PostgreSQL keeps its files in {}", root, Privileges.USER, home);
        }
        Path binaries = PostgresBinaries.install(home);
        Path dir = WorkDirectory.newInstance(
                home, SERVICE, stale -> WorkDirectory.readPid(stale.resolve("data/postmaster.pid"))
                        .ifPresent(WorkDirectory::endOrphan));
        Privileges.handOver(dir);
        EmbeddedPostgreSql server = new EmbeddedPostgreSql(binaries, dir, FreePort.find());
        long started = System.nanoTime();
        server.initdb();
        server.start();
        log.info(
                "PostgreSQL started on 127.0.0.1:{} in {} ms ({})",
                server.port,
                (System.nanoTime() - started) / 1_000_000,
                dir);
        return server;
    }

    @Override
    public Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String jdbcUrl(String database) {
        if (databases.add(database)) {
            createDatabase(database);
        }
        return url(database) + "&reWriteBatchedInserts=true";
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public DataSource dataSource(String database) {
        return pools.get(database);
    }

    @Override
    public DataSource outageDataSource(String database) {
        return pools.outage(database);
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> command = List.of(
                bin("postgres"),
                "-D",
                dataDir().toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=300",
                "-c",
                "timezone=UTC",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off");
        try {
            server = new ProcessBuilder(Privileges.unprivileged(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new EmbeddedServiceException("Could not launch " + command.get(0), e);
        }
        awaitReady();
    }

    @Override
    public synchronized void stop() {
        Process running = server;
        if (running == null || !running.isAlive()) {
            return;
        }
        run("pg_ctl", List.of(bin("pg_ctl"), "stop", "-D", dataDir().toString(), "-m", "fast", "-w", "-t", "30"));
        try {
            if (!running.waitFor(30, TimeUnit.SECONDS)) {
                running.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        pools.evictAll();
    }

    @Override
    public boolean isRunning() {
        Process running = server;
        return running != null && running.isAlive();
    }

    /** Stops the server for good and removes its files. */
    void shutdown() {
        pools.closeAll();
        stop();
        WorkDirectory.deleteRecursively(dir);
    }

    private void initdb() {
        run(
                "initdb",
                List.of(
                        bin("initdb"),
                        "-D",
                        dataDir().toString(),
                        "-U",
                        username(),
                        "-A",
                        "trust",
                        "-E",
                        "UTF8",
                        "--no-locale",
                        "--no-sync"));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new EmbeddedServiceException("PostgreSQL exited during start-up; its log:\n" + tail(logFile()));
            }
            try (Connection ignored = DriverManager.getConnection(url("postgres"))) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        throw new EmbeddedServiceException("PostgreSQL did not accept connections on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s; last error: " + last + "; its log:\n" + tail(logFile()));
    }

    private void createDatabase(String database) {
        try (Connection connection = DriverManager.getConnection(url("postgres"));
                Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            databases.remove(database);
            throw new EmbeddedServiceException("Could not create database " + database + " on port " + port, e);
        }
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + username() + "&connectTimeout=2";
    }

    private void run(String name, List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(Privileges.unprivileged(command)))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new EmbeddedServiceException(name + " failed; the log:\n" + tail(logFile()));
            }
        } catch (IOException e) {
            throw new EmbeddedServiceException("Could not launch " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServiceException(name + " was interrupted");
        }
    }

    private String bin(String program) {
        return binaries.resolve("bin").resolve(program).toString();
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private Path logFile() {
        return dir.resolve("postgres.log");
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServiceException("Interrupted while waiting for PostgreSQL");
        }
    }
}
