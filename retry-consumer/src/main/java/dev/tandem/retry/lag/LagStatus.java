package dev.tandem.retry.lag;

/** How a partition of the retry topic is draining, judged over the lag window; worst last. */
public enum LagStatus {
    /** Drained, or draining. */
    OK,
    /** Records are being applied, but more arrive than leave: the lag grew over the window. */
    WARNING,
    /** Records are waiting and none was applied over the whole window, with no error to explain it. */
    STALLED,
    /** The secondary is unreachable or refuses the records for now; they are retried with back-off. */
    ERROR,
    /** No consumer of the group owns the partition. */
    STOPPED;

    LagStatus worse(LagStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
