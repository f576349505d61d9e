package dev.tandem.dualwrite;

/** When the secondary is written, relative to the caller. */
public enum WriteMode {
    /** In the caller's thread after the primary commit; the caller waits, bounded by the statement timeout. */
    INLINE,
    /** On a bounded executor; the caller only enqueues. A full queue hands the write to the retry topic. */
    ASYNC
}
