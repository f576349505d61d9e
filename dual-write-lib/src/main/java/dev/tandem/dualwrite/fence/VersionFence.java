package dev.tandem.dualwrite.fence;

import dev.tandem.dualwrite.ApplyOutcome;
import dev.tandem.dualwrite.Mutation;

/**
 * The rule: a mutation is applied only if its state is newer than the row's last applied state; a
 * repair also when its version equals the last applied one.
 */
final class VersionFence {

    private VersionFence() {}

    static ApplyOutcome judge(FenceState stored, Mutation incoming) {
        if (incoming.repair()) {
            // A repair carries the primary's current data at the version it holds (or the fence's):
            // at an equal version it must rewrite the row, but it never beats a newer write.
            return incoming.version() >= stored.version() ? ApplyOutcome.APPLIED : ApplyOutcome.STALE;
        }
        int comparison = FenceState.of(incoming).compareTo(stored);
        if (comparison > 0) {
            return ApplyOutcome.APPLIED;
        }
        return comparison == 0 ? ApplyOutcome.DUPLICATE : ApplyOutcome.STALE;
    }
}
