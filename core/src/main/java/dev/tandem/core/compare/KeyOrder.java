package dev.tandem.core.compare;

import dev.tandem.core.Numbers;
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
            return Numbers.decimal(x).compareTo(Numbers.decimal(y));
        }
        if (a instanceof String x && b instanceof String y) {
            return compareUtf8(x, y);
        }
        return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    /**
     * As the two texts' UTF-8 bytes compare, without encoding them (keys are compared twice a row):
     * UTF-8 keeps the order of code points, which is the order of UTF-16 chars outside surrogates.
     */
    static int compareUtf8(String a, String b) {
        int common = Math.min(a.length(), b.length());
        int i = 0;
        while (i < common && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if ((i > 0 && Character.isSurrogate(a.charAt(i - 1)))
                || (i < a.length() && Character.isSurrogate(a.charAt(i)))
                || (i < b.length() && Character.isSurrogate(b.charAt(i)))) {
            // Pairs encode above U+FFFF, unpaired surrogates as '?': the bytes decide.
            return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }
        return i == common ? Integer.compare(a.length(), b.length()) : Character.compare(a.charAt(i), b.charAt(i));
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
