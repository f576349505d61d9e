package dev.tandem.dualwrite.migration;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies rows in both stores by key: the rows written since the last reconcile, while a cutover
 * holds writes. A row still differing is read again until the time given runs out, since a write
 * handed to the retry topic may be applied meanwhile.
 */
final class KeyVerification {

    private final StoreRows origin;
    private final StoreRows target;
    private final RowComparator comparator;

    KeyVerification(StoreRows origin, StoreRows target, RowComparator comparator) {
        this.origin = origin;
        this.target = target;
        this.comparator = comparator;
    }

    /** The keys that still differ after {@code patience} (as {@code table [key]}), and how many were checked. */
    Result verify(Map<String, List<Map<String, Object>>> keysByTable, Duration patience)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        int checked = keysByTable.values().stream().mapToInt(List::size).sum();
        Map<String, List<Map<String, Object>>> pending = new LinkedHashMap<>(keysByTable);
        while (true) {
            Map<String, List<Map<String, Object>>> differing = new LinkedHashMap<>();
            for (Map.Entry<String, List<Map<String, Object>>> table : pending.entrySet()) {
                List<Map<String, Object>> keys = table.getValue();
                StoreRows.Found left = origin.read(table.getKey(), keys);
                StoreRows.Found right = target.read(table.getKey(), keys);
                for (Map<String, Object> key : keys) {
                    Map<String, Object> a = left.rows().get(StoreRows.keyText(left.table(), key));
                    Map<String, Object> b = right.rows().get(StoreRows.keyText(right.table(), key));
                    if (!comparator.same(left.table(), a, right.table(), b)) {
                        differing
                                .computeIfAbsent(table.getKey(), t -> new ArrayList<>())
                                .add(key);
                    }
                }
            }
            if (differing.isEmpty() || System.nanoTime() >= deadline) {
                List<String> described = new ArrayList<>();
                differing.forEach((table, keys) -> keys.forEach(k -> described.add(table + " " + k)));
                return new Result(checked, described);
            }
            pending = differing;
            Thread.sleep(100);
        }
    }

    record Result(int checked, List<String> differing) {}
}
