package dev.tandem.dualwrite.migration;

import dev.tandem.core.Mutation;
import dev.tandem.core.RowKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows this instance wrote since the last reconcile verdict, bounded: the cutover verifies them
 * in both stores, since the reconciler has not seen them. Past the bound it only remembers that it
 * overflowed, and a cutover then asks for a fresh reconcile.
 */
final class WrittenKeys {

    private final int capacity;
    private final Clock clock;
    private final Instant since;
    private final Map<TableRow, Written> keys = new LinkedHashMap<>();
    private Instant overflowedAt;

    WrittenKeys(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
        this.since = clock.instant();
    }

    /** Since when keys are tracked: this instance's start. */
    Instant since() {
        return since;
    }

    synchronized void record(Mutation mutation) {
        TableRow id = new TableRow(mutation.table(), RowKey.of(mutation.key()));
        Written previous = keys.remove(id);
        if (previous == null && keys.size() >= capacity) {
            overflowedAt = clock.instant();
            return;
        }
        keys.put(id, new Written(mutation.table(), mutation.key(), clock.instant()));
    }

    /** Forgets keys written before {@code covered} (a clean reconcile run started then). */
    synchronized void coveredUntil(Instant covered) {
        keys.values().removeIf(w -> w.at().isBefore(covered));
        if (overflowedAt != null && overflowedAt.isBefore(covered)) {
            overflowedAt = null;
        }
    }

    synchronized int size() {
        return keys.size();
    }

    synchronized boolean overflowed() {
        return overflowedAt != null;
    }

    /** The tracked keys by table. */
    synchronized Map<String, List<Map<String, Object>>> byTable() {
        Map<String, List<Map<String, Object>>> byTable = new LinkedHashMap<>();
        keys.values().forEach(w -> byTable.computeIfAbsent(w.table(), t -> new ArrayList<>())
                .add(w.key()));
        return byTable;
    }

    /** A row of a table: the map key, equal for equal canonical row keys. */
    private record TableRow(String table, RowKey key) {}

    private record Written(String table, Map<String, Object> key, Instant at) {}
}
