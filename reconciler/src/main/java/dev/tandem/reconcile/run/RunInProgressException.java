package dev.tandem.reconcile.run;

/** A run was asked for while this reconciler was already running one. */
public class RunInProgressException extends IllegalStateException {

    public RunInProgressException() {
        super("A reconciliation run is already in progress; wait for it to finish");
    }

    /** Another process drives the run this one would have continued; {@code message} says which. */
    public RunInProgressException(String message) {
        super(message);
    }
}
