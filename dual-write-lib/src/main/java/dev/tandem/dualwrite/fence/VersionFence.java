package dev.tandem.dualwrite.fence;

import dev.tandem.dualwrite.ApplyOutcome;
import dev.tandem.dualwrite.Mutation;

/** The rule: a mutation is applied only if its state is newer than the row's last applied state. */
final class VersionFence {

    private VersionFence() {}

    static ApplyOutcome judge(FenceState stored, Mutation incoming) {
        int comparison = FenceState.of(incoming).compareTo(stored);
        if (comparison > 0) {
            return ApplyOutcome.APPLIED;
        }
        return comparison == 0 ? ApplyOutcome.DUPLICATE : ApplyOutcome.STALE;
    }
}
