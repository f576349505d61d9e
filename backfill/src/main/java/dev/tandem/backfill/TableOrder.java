package dev.tandem.backfill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tables in dependency order, as levels: every table of a level depends only on tables of earlier
 * levels, so the tables of one level are copied in parallel and the levels one after another.
 */
public final class TableOrder {

    private TableOrder() {}

    /**
     * @throws IllegalArgumentException naming a dependency on a table not backfilled, or a cycle
     */
    public static List<List<BackfillTable>> levels(List<BackfillTable> tables) {
        Map<String, BackfillTable> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(lower(t.name()), t));
        for (BackfillTable table : tables) {
            for (String dependency : table.dependsOn()) {
                if (!byName.containsKey(lower(dependency))) {
                    throw new IllegalArgumentException("Table '" + table.name() + "' depends on '" + dependency
                            + "', which is not among the tables backfilled " + names(tables));
                }
            }
        }
        List<List<BackfillTable>> levels = new ArrayList<>();
        Map<String, Integer> placed = new LinkedHashMap<>();
        while (placed.size() < tables.size()) {
            List<BackfillTable> level = new ArrayList<>();
            for (BackfillTable table : tables) {
                if (!placed.containsKey(lower(table.name()))
                        && table.dependsOn().stream().allMatch(d -> placed.containsKey(lower(d)))) {
                    level.add(table);
                }
            }
            if (level.isEmpty()) {
                List<String> left = tables.stream()
                        .map(BackfillTable::name)
                        .filter(n -> !placed.containsKey(lower(n)))
                        .toList();
                throw new IllegalArgumentException("The dependencies of tables " + left + " form a cycle");
            }
            level.forEach(t -> placed.put(lower(t.name()), levels.size()));
            levels.add(level);
        }
        return levels;
    }

    private static List<String> names(List<BackfillTable> tables) {
        return tables.stream().map(BackfillTable::name).toList();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
