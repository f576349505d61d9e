package dev.tandem.dualwrite;

import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;

/**
 * Where mutations go when the secondary cannot take them: the retry topic, which the retry consumer
 * drains. An implementation must return quickly and must not throw: when Kafka is unreachable too it
 * keeps the mutation durably (see {@code dev.tandem.dualwrite.kafka.KafkaRetryHandOff}).
 */
public interface RetryHandOff {

    /**
     * Hands {@code mutation} over for a later retry.
     *
     * @param cause why the direct apply did not happen or failed; never null
     */
    void handOff(Mutation mutation, HandOffReason reason, Throwable cause);

    /**
     * Hands {@code mutation} over and runs {@code onAcknowledged} once the retry topic has it for sure
     * (crash-safe mode then forgets its outbox row). An implementation that cannot tell never runs it:
     * the outbox relay then publishes the row again, which the fence makes harmless. The caller keeps
     * the write until then, so one the implementation can keep nowhere is not {@linkplain #lostWrites
     * lost}.
     */
    default void handOff(Mutation mutation, HandOffReason reason, Throwable cause, Runnable onAcknowledged) {
        handOff(mutation, reason, cause);
    }

    /** Sends what is buffered and waits for it (a cutover drains the hand-off); by default nothing is buffered. */
    default void flush() {}

    /**
     * Writes handed over that this hand-off could keep nowhere (e.g. Kafka unreachable and the local
     * spool full), since it started; by default none.
     */
    default LostWrites lostWrites() {
        return LostWrites.NONE;
    }
}
