package dev.tandem.retry.apply;

/**
 * The secondary cannot take the batch now (down, deadlock, timeout …): nothing is dead-lettered, and
 * the same records must be applied again after a back-off.
 */
public class TransientApplyException extends RuntimeException {

    public TransientApplyException(int records, Throwable cause) {
        super("The secondary could not take a batch of " + records + " records for now: " + cause.getMessage(), cause);
    }
}
