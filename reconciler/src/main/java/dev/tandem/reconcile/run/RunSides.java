package dev.tandem.reconcile.run;

import dev.tandem.reconcile.pending.PendingKeys;
import dev.tandem.reconcile.repair.RepairPlanner;
import dev.tandem.reconcile.repair.RepairPublisher;
import java.util.Objects;
import java.util.Optional;

/**
 * Which store a run treats as the primary and which as the secondary, with the retry topic that
 * carries writes into that secondary: where its pending keys are read and its repairs published.
 *
 * @param direction how the run states it, e.g. {@code target -> origin (migration 'orders' REVERSED
 *     primary=TARGET epoch=7)}; null when the reconciler follows no migration
 * @param comparison compares the primary (left) with the secondary (right)
 * @param pendingKeys the retry topic's pending keys; empty without Kafka
 * @param planner plans repairs from the primary's rows
 * @param publisher publishes repairs; empty without Kafka
 */
public record RunSides(
        String direction,
        TableReconciliation comparison,
        Optional<PendingKeys> pendingKeys,
        RepairPlanner planner,
        Optional<RepairPublisher> publisher) {

    public RunSides {
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(pendingKeys, "pendingKeys");
        Objects.requireNonNull(planner, "planner");
        Objects.requireNonNull(publisher, "publisher");
    }

    /** These sides, stating {@code direction}. */
    public RunSides stating(String direction) {
        return new RunSides(direction, comparison, pendingKeys, planner, publisher);
    }

    /** Chooses the sides at the start of each run. */
    @FunctionalInterface
    public interface Chooser {
        /** @throws Exception if the sides cannot be known now: the run does not start */
        RunSides choose() throws Exception;
    }
}
