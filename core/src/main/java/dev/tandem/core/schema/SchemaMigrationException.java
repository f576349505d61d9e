package dev.tandem.core.schema;

/** A component's own tables could not be brought up to date: the message names the component and the script. */
public class SchemaMigrationException extends RuntimeException {

    public SchemaMigrationException(String message) {
        super(message);
    }

    public SchemaMigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
