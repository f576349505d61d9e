package dev.tandem.core;

import java.sql.SQLException;

/**
 * The secondary failed while applying a batch: nothing of the batch was written. {@link #sqlState()}
 * tells transient failures (connection, deadlock, timeout) from permanent ones.
 */
public class SecondaryApplyException extends RuntimeException {

    private final String sqlState;

    public SecondaryApplyException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage() + " (SQLState " + cause.getSQLState() + ")", cause);
        this.sqlState = cause.getSQLState();
    }

    /** The SQLState the database reported, null if it gave none. */
    public String sqlState() {
        return sqlState;
    }
}
