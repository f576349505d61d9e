package dev.tandem.dualwrite.outbox;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The outbox insert, prepared once per physical connection and reused by every append on it: a pooled
 * connection is handed out again and again, and parsing the insert (and asking for its generated key)
 * anew each time cost as much as the insert. The statement is prepared on the driver's connection
 * ({@link Connection#unwrap}), which outlives the pool's per-checkout proxy; a connection is used by
 * one thread at a time, so its statement is too. Weak references on both sides: a connection the pool
 * retired is collected with its statement.
 */
final class AppendStatements implements AutoCloseable {

    private final OutboxSql sql;
    private final Map<Connection, WeakReference<PreparedStatement>> byConnection =
            Collections.synchronizedMap(new WeakHashMap<>());

    AppendStatements(OutboxSql sql) {
        this.sql = sql;
    }

    /** The insert on {@code connection}'s physical connection, prepared at its first use there. */
    PreparedStatement insert(Connection connection) throws SQLException {
        Connection physical = physical(connection);
        WeakReference<PreparedStatement> cached = byConnection.get(physical);
        PreparedStatement statement = cached == null ? null : cached.get();
        if (statement == null || statement.isClosed()) {
            statement = sql.insertReturnsSequence()
                    ? physical.prepareStatement(sql.insert())
                    : physical.prepareStatement(sql.insert(), Statement.RETURN_GENERATED_KEYS);
            byConnection.put(physical, new WeakReference<>(statement));
        }
        return statement;
    }

    private static Connection physical(Connection connection) {
        try {
            Connection unwrapped = connection.unwrap(Connection.class);
            return unwrapped == null ? connection : unwrapped;
        } catch (SQLException e) {
            return connection;
        }
    }

    /** Closes the statements still open; connections in use go on without them. */
    @Override
    public void close() {
        List<WeakReference<PreparedStatement>> statements;
        synchronized (byConnection) {
            statements = new ArrayList<>(byConnection.values());
            byConnection.clear();
        }
        for (WeakReference<PreparedStatement> reference : statements) {
            PreparedStatement statement = reference.get();
            if (statement != null) {
                try {
                    statement.close();
                } catch (SQLException | RuntimeException e) {
                    // Its connection is gone or busy; the statement goes with the connection.
                }
            }
        }
    }
}
