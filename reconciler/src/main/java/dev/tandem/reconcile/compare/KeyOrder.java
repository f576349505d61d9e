package dev.tandem.reconcile.compare;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The one order both sides are streamed in, whatever the engines' collations: numbers by value,
 * text by its UTF-8 bytes (what PostgreSQL's {@code COLLATE "C"} and MySQL's {@code utf8mb4_bin}
 * produce), UUIDs by their lower-case text, binary by unsigned bytes, composite keys column by column.
 */
public final class KeyOrder implements Comparator<List<Object>> {

    public static final KeyOrder INSTANCE = new KeyOrder();

    private KeyOrder() {}

    @Override
    public int compare(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("Keys of different widths: " + a + " and " + b);
        }
        for (int i = 0; i < a.size(); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int compareValues(Object a, Object b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("A key value is NULL");
        }
        if (a instanceof Number x && b instanceof Number y) {
            if (x instanceof Long && y instanceof Long) {
                return Long.compare(x.longValue(), y.longValue());
            }
            return decimal(x).compareTo(decimal(y));
        }
        return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof BigDecimal d
                ? d
                : n instanceof BigInteger i ? new BigDecimal(i) : new BigDecimal(n.toString());
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] raw) {
            return raw;
        }
        if (value instanceof UUID uuid) {
            return uuid.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException(
                "Key value of unsupported type " + value.getClass().getName() + ": " + value);
    }
}
