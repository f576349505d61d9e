package dev.tandem.core.control;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The phase of one migration, as the control topic holds it.
 *
 * @param migration the migration's name, the record key on the control topic
 * @param phase the phase
 * @param percent for {@link Phase#SHADOW_READ} and {@link Phase#READ_SECONDARY}, the share of reads
 *     (0 to 100); 0 otherwise
 * @param primary the store written first and read from; the other one is the fenced secondary
 * @param epoch increases by one with every change: a follower takes a state only if it is newer
 * @param changeId identifies this change (a coordinator checks its own change won)
 * @param changedBy who asked for the change
 * @param changedAt when
 * @param reason why, free text
 */
public record PhaseState(
        String migration,
        Phase phase,
        int percent,
        Store primary,
        long epoch,
        UUID changeId,
        String changedBy,
        Instant changedAt,
        String reason) {

    public PhaseState {
        if (migration == null || migration.isBlank()) {
            throw new IllegalArgumentException("A phase state needs a migration name");
        }
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(changeId, "changeId");
        Objects.requireNonNull(changedAt, "changedAt");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException(
                    "Migration '" + migration + "': percent must be within 0..100 but was " + percent);
        }
        if (!phase.hasPercent() && percent != 0) {
            throw new IllegalArgumentException(
                    "Migration '" + migration + "': phase " + phase + " takes no percent (was " + percent + ")");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("Migration '" + migration + "': negative epoch " + epoch);
        }
        changedBy = changedBy == null ? "unknown" : changedBy;
        reason = reason == null ? "" : reason;
    }

    /** The state a migration starts in when nothing was ever published: epoch 0. */
    public static PhaseState initial(String migration, Phase phase, int percent) {
        return new PhaseState(
                migration, phase, percent, Store.ORIGIN, 0, new UUID(0, 0), "configuration", Instant.EPOCH, "initial");
    }

    /** The next state, one epoch on. */
    public PhaseState next(Phase phase, int percent, Store primary, String by, Instant at, String reason) {
        return new PhaseState(migration, phase, percent, primary, epoch + 1, UUID.randomUUID(), by, at, reason);
    }

    /** The store dual-written to, the fenced secondary. */
    public Store secondary() {
        return primary.other();
    }

    /** Short text, e.g. {@code SHADOW_READ(10) primary=ORIGIN epoch=4}. */
    public String describe() {
        return phase + (phase.hasPercent() ? "(" + percent + ")" : "") + " primary=" + primary + " epoch=" + epoch;
    }
}
