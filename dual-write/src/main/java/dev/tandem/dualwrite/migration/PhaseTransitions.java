package dev.tandem.dualwrite.migration;

import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;

/**
 * Which phase changes are safe. Reads move forward one step at a time (dual writes, then shadow
 * reads, then reads from the secondary) and back any number of steps; the roles change only through
 * the gated cutover and rollback; nothing follows {@link Phase#DONE}.
 */
public final class PhaseTransitions {

    private PhaseTransitions() {}

    /**
     * Checks an operator's change from {@code from} to {@code to} with {@code percent}.
     *
     * @throws PhaseChangeRefusedException naming the phases and why the move is not safe
     */
    public static void checkChange(PhaseState from, Phase to, int percent) {
        String move = from.describe() + " -> " + to + (to.hasPercent() ? "(" + percent + ")" : "") + " refused: ";
        Phase was = from.phase();
        if (to.hasPercent() && (percent < 0 || percent > 100)) {
            throw refuse(from, move + "percent must be within 0..100");
        }
        if (!to.hasPercent() && percent != 0) {
            throw refuse(from, move + to + " takes no percent");
        }
        if (was == Phase.CUTOVER) {
            throw refuse(from, move + "a cutover is in progress; it ends in its new phase or aborts (command abort)");
        }
        if (to == Phase.CUTOVER || to == Phase.REVERSED) {
            throw refuse(from, move + to + " is reached only through the cutover command, which checks the gates");
        }
        if (was == Phase.DONE) {
            throw refuse(from, move + "DONE is final: the origin is no longer written");
        }
        if (was == to && from.percent() == percent) {
            throw refuse(from, move + "the migration is already there");
        }
        if (was == Phase.REVERSED) {
            if (to != Phase.DONE) {
                throw refuse(from, move + "from REVERSED only DONE, or the rollback command (a gated swap back)");
            }
            return;
        }
        if (to == Phase.DONE) {
            throw refuse(from, move + "DONE follows REVERSED only");
        }
        if (was == Phase.PRIMARY_ONLY || to == Phase.PRIMARY_ONLY) {
            boolean adjacent = was == Phase.DUAL_WRITE || to == Phase.DUAL_WRITE;
            if (!adjacent) {
                throw refuse(from, move + "PRIMARY_ONLY is entered from and left for DUAL_WRITE only");
            }
            return;
        }
        if (step(to) > step(was) + 1) {
            throw refuse(
                    from, move + "reads move forward one phase at a time (DUAL_WRITE, SHADOW_READ, READ_SECONDARY)");
        }
    }

    /**
     * Checks that a cutover may start from {@code from}: reads must already all be served by the
     * secondary ({@code READ_SECONDARY(100)}), or, for a rollback, the roles reversed.
     */
    public static void checkSwap(PhaseState from, boolean rollback) {
        if (rollback) {
            if (from.phase() != Phase.REVERSED) {
                throw refuse(from, "rollback starts from REVERSED, not " + from.describe());
            }
            return;
        }
        if (from.phase() != Phase.READ_SECONDARY || from.percent() != 100 || from.primary() != Store.ORIGIN) {
            throw refuse(
                    from,
                    "cutover starts from READ_SECONDARY(100) with the origin primary (the target already serves"
                            + " every read), not " + from.describe());
        }
    }

    /** Where a cutover from {@code held} (a CUTOVER state) lands if it aborts. */
    public static PhaseStep abortTarget(PhaseState held) {
        return held.primary() == Store.ORIGIN
                ? new PhaseStep(Phase.READ_SECONDARY, 100, Store.ORIGIN)
                : new PhaseStep(Phase.REVERSED, 0, Store.TARGET);
    }

    /** Where a cutover from {@code held} (a CUTOVER state) lands once it succeeds. */
    public static PhaseStep swapTarget(PhaseState held) {
        return held.primary() == Store.ORIGIN
                ? new PhaseStep(Phase.REVERSED, 0, Store.TARGET)
                : new PhaseStep(Phase.DUAL_WRITE, 0, Store.ORIGIN);
    }

    private static int step(Phase phase) {
        return switch (phase) {
            case DUAL_WRITE -> 1;
            case SHADOW_READ -> 2;
            case READ_SECONDARY -> 3;
            default -> 0;
        };
    }

    private static PhaseChangeRefusedException refuse(PhaseState from, String message) {
        return new PhaseChangeRefusedException(from.migration(), message);
    }

    /** A phase, its percent and the primary: a state without its bookkeeping. */
    public record PhaseStep(Phase phase, int percent, Store primary) {}
}
