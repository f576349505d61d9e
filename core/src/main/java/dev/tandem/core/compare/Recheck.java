package dev.tandem.core.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Looks at every difference again once the settle window has passed since it was found: writes
 * still in flight (on the retry topic, in the secondary's apply) settle, and only what is still
 * different, and no longer changing, is CONFIRMED.
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

    /** How many times a difference that keeps changing is read again before it counts as confirmed. */
    static final int MAX_READINGS = 3;

    /**
     * Waits until {@code settle} has passed since {@code foundAtNanos} ({@link System#nanoTime}),
     * then re-reads both sides of each difference. A difference gone on re-read was in flight. One
     * still there and unchanged is confirmed. One still there but changed (the row is being written
     * meanwhile, as a hot row is) is read again after another settle window, up to {@value
     * #MAX_READINGS} times, and confirmed only if it stays, so a write still on its way to the
     * secondary is not reported as a difference.
     */
    public List<CheckedDifference> check(List<Difference> differences, long foundAtNanos) throws Exception {
        CheckedDifference[] checked = new CheckedDifference[differences.size()];
        Difference[] lastSeen = differences.toArray(Difference[]::new);
        long readAt = foundAtNanos;
        for (int reading = 1; reading <= MAX_READINGS; reading++) {
            boolean anyOpen = false;
            for (int i = 0; i < checked.length; i++) {
                anyOpen |= checked[i] == null;
            }
            if (!anyOpen) {
                break;
            }
            sleepUntil(readAt + settle.toNanos());
            readAt = System.nanoTime();
            for (int i = 0; i < checked.length; i++) {
                if (checked[i] != null) {
                    continue;
                }
                Optional<Difference> now = reread(lastSeen[i]);
                if (now.isEmpty()) {
                    checked[i] = new CheckedDifference(differences.get(i), Verdict.IN_FLIGHT, null);
                } else if (now.get().equals(lastSeen[i]) || reading == MAX_READINGS) {
                    checked[i] = new CheckedDifference(differences.get(i), Verdict.CONFIRMED, now.get());
                } else {
                    lastSeen[i] = now.get();
                }
            }
        }
        return List.of(checked);
    }

    private Optional<Difference> reread(Difference difference) throws Exception {
        Iterator<SourceRow> p = primary.find(difference.key()).stream().iterator();
        Iterator<SourceRow> s = secondary.find(difference.key()).stream().iterator();
        List<Difference> now = new ArrayList<>(1);
        join.compare(p, s, now::add);
        return now.stream().findFirst();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
