package dev.tandem.testkit;

/** An embedded server could not be installed, started or stopped. */
public class EmbeddedServiceException extends RuntimeException {

    public EmbeddedServiceException(String message, Throwable cause) {
        super(message, cause);
    }

    public EmbeddedServiceException(String message) {
        super(message);
    }
}
