package dev.tandem.core.fence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * PgJDBC's {@code CopyManager}, reached through a pooled connection by {@link Connection#unwrap}.
 * Loaded only for a PostgreSQL secondary, whose driver is then on the class path.
 */
final class PostgresCopy {

    private PostgresCopy() {}

    /** The driver's own connection under {@code connection}: the same for every checkout of it from a pool. */
    static Object physical(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class);
    }

    /** Runs {@code copySql} ({@code COPY … FROM STDIN}) with {@code rows} as its input; returns the rows copied. */
    static long copyIn(Connection connection, String copySql, byte[] rows) throws SQLException {
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new ByteArrayInputStream(rows));
        } catch (IOException e) {
            // Reading an in-memory stream does not fail; the driver reports the server's errors as SQLException.
            throw new SQLException("COPY into the staging table failed", "08000", e);
        }
    }
}
