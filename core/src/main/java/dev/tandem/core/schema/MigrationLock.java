package dev.tandem.core.schema;

import dev.tandem.core.jdbc.Dialect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The session lock that lets one process at a time migrate a component's tables in one database;
 * processes starting together wait for each other and then find the tables up to date.
 */
final class MigrationLock {

    private static final long POLL_MILLIS = 100;

    private final Dialect.SessionLock lock;
    private final String what;
    private final Duration timeout;

    MigrationLock(Dialect dialect, String what, Duration timeout) {
        this.lock = dialect.sessionLock();
        this.what = what;
        this.timeout = timeout;
    }

    /** Takes the lock for {@code historyTable} in the connection's database, waiting up to the timeout. */
    String acquire(Connection connection, String historyTable) throws SQLException {
        // MySQL's named locks are server-wide and at most 64 characters: the name holds the database.
        String name = "tandem_schema_" + hash(connection.getCatalog() + "." + historyTable);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!tryAcquire(connection, name)) {
            if (System.nanoTime() - deadline > 0) {
                throw new SchemaMigrationException("Another process has held the migration lock of " + what
                        + " for more than " + timeout.toMillis() + " ms; is one stuck?");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaMigrationException("Interrupted while waiting for the migration lock of " + what, e);
            }
        }
        return name;
    }

    void release(Connection connection, String name) throws SQLException {
        try (PreparedStatement release = connection.prepareStatement(lock.release())) {
            release.setString(1, name);
            release.executeQuery().close();
        }
    }

    private boolean tryAcquire(Connection connection, String name) throws SQLException {
        try (PreparedStatement acquire = connection.prepareStatement(lock.tryAcquire())) {
            acquire.setString(1, name);
            try (ResultSet result = acquire.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
