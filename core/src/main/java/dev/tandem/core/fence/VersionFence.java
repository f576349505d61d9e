package dev.tandem.core.fence;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.Mutation;

/**
 * The rule: a mutation is applied only if its state is newer than the row's last applied state; a
 * repair also when its state equals it. States order by version, and at equal versions a delete is
 * newer than an upsert, so a repair upsert never beats a tombstone of its own version.
 */
final class VersionFence {

    private VersionFence() {}

    static ApplyOutcome judge(FenceState stored, Mutation incoming) {
        if (incoming.repair()) {
            // A repair carries the primary's current data at the version it holds (or the fence's):
            // at an equal state it must rewrite the row (or remove an extra one), but it never beats
            // a newer write. A delete at the repair's version is newer: the primary's row read for
            // the repair was deleted since, and the repair must not bring it back.
            return FenceState.of(incoming).compareTo(stored) >= 0 ? ApplyOutcome.APPLIED : ApplyOutcome.STALE;
        }
        int comparison = FenceState.of(incoming).compareTo(stored);
        if (comparison > 0) {
            return ApplyOutcome.APPLIED;
        }
        return comparison == 0 ? ApplyOutcome.DUPLICATE : ApplyOutcome.STALE;
    }
}
