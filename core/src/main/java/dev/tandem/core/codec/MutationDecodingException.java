package dev.tandem.core.codec;

/** A retry-topic payload that is not a mutation this version can read. Retrying cannot help. */
public class MutationDecodingException extends RuntimeException {

    /** Why the payload could not be read. */
    public enum Reason {
        /** Not JSON, or JSON without the fields and types of a mutation. */
        MALFORMED,
        /** A mutation written by a newer (or unknown) version of the envelope. */
        UNSUPPORTED_SCHEMA_VERSION
    }

    private final Reason reason;

    MutationDecodingException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
