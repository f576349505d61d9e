package dev.tandem.reconcile.repair;

/** A repair could not be built or published. */
public class RepairException extends RuntimeException {

    public RepairException(String message, Throwable cause) {
        super(message, cause);
    }
}
