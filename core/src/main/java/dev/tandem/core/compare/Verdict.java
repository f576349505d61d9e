package dev.tandem.core.compare;

/** What a re-check after the settle window made of a difference. */
public enum Verdict {
    /** Gone on re-check: a write in flight (the retry consumer, a replica) had not arrived yet. */
    IN_FLIGHT,
    /** Still there on re-check. */
    CONFIRMED
}
