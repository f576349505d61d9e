package dev.tandem.core.source;

/** Streaming a table failed part way; the comparison of that table is incomplete. */
public class TableReadException extends RuntimeException {

    public TableReadException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
