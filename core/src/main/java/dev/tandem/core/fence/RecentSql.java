package dev.tandem.core.fence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The SQL texts of the last few statement shapes (say, a fence upsert of 500 rows). Batches mostly
 * repeat a shape, and building a multi-row text is costly: so is hashing a new one, which the driver
 * does to find its prepared statement. Bounded, because every batch size is a shape.
 */
final class RecentSql<K> {

    private static final int SHAPES = 16;

    private final Function<K, String> build;
    private final Map<K, String> texts = new LinkedHashMap<>(SHAPES * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<K, String> eldest) {
            return size() > SHAPES;
        }
    };

    RecentSql(Function<K, String> build) {
        this.build = build;
    }

    synchronized String get(K shape) {
        return texts.computeIfAbsent(shape, build);
    }
}
