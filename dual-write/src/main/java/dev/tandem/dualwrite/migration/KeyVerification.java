package dev.tandem.dualwrite.migration;

import dev.tandem.core.control.Store;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies rows in both stores by key (the target's through the schema mapping): the rows written
 * since the last reconcile, while a cutover holds writes. A row still differing is read again until
 * the time given runs out, since a write handed to the retry topic may be applied meanwhile.
 */
final class KeyVerification {

    private final MigrationRows rows;

    KeyVerification(MigrationRows rows) {
        this.rows = rows;
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
                List<MigrationRows.Found> inOrigin = rows.readAll(Store.ORIGIN, table.getKey(), keys);
                List<MigrationRows.Found> inTarget = rows.readAll(Store.TARGET, table.getKey(), keys);
                for (int i = 0; i < keys.size(); i++) {
                    if (!rows.same(table.getKey(), inOrigin.get(i), inTarget.get(i))) {
                        differing
                                .computeIfAbsent(table.getKey(), t -> new ArrayList<>())
                                .add(keys.get(i));
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
