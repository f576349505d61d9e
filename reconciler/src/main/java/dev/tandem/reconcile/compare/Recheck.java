package dev.tandem.reconcile.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Looks at every difference again once the settle window has passed since it was found: writes
 * still in flight (on the retry topic, in the secondary's apply) settle, and only what is still
 * different is CONFIRMED.
 */
public final class Recheck {

    /** Reads one row of one side by key. */
    @FunctionalInterface
    public interface RowLookup {
        Optional<SourceRow> find(List<Object> key) throws Exception;
    }

    private final MergeJoin join;
    private final RowLookup primary;
    private final RowLookup secondary;
    private final Duration settle;

    public Recheck(MergeJoin join, RowLookup primary, RowLookup secondary, Duration settle) {
        this.join = join;
        this.primary = primary;
        this.secondary = secondary;
        this.settle = settle;
    }

    /**
     * Waits until {@code settle} has passed since {@code foundAtNanos} ({@link System#nanoTime}),
     * then re-reads both sides of each difference.
     */
    public List<CheckedDifference> check(List<Difference> differences, long foundAtNanos) throws Exception {
        long wait = foundAtNanos + settle.toNanos() - System.nanoTime();
        if (wait > 0 && !differences.isEmpty()) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        List<CheckedDifference> checked = new ArrayList<>(differences.size());
        for (Difference difference : differences) {
            Iterator<SourceRow> p = primary.find(difference.key()).stream().iterator();
            Iterator<SourceRow> s = secondary.find(difference.key()).stream().iterator();
            List<Difference> now = new ArrayList<>(1);
            join.compare(p, s, now::add);
            checked.add(
                    now.isEmpty()
                            ? new CheckedDifference(difference, Verdict.IN_FLIGHT, null)
                            : new CheckedDifference(difference, Verdict.CONFIRMED, now.get(0)));
        }
        return checked;
    }
}
