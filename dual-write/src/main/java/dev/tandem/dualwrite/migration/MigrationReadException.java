package dev.tandem.dualwrite.migration;

/** A read failed on the store that had to serve it (the primary, or both stores). */
public class MigrationReadException extends RuntimeException {

    public MigrationReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
