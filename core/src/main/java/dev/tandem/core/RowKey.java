package dev.tandem.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A row's primary key, identified the same whatever built it (a mutation, a row read back, a
 * reconcile difference, a record on the retry topic): two keys are equal when their canonical texts
 * are.
 *
 * <p>The canonical text, e.g. {@code id=42} or {@code id=7,region=eu}: key columns sorted by lower-case
 * name, {@code name=value} joined by commas, numbers as {@link Numbers#canonicalText} writes them
 * (whole doubles as whole numbers), instants in UTC, bytes as {@code 0x} and hex; {@code \\}, {@code ,}
 * and {@code =} in names and values are escaped. The fence stores it (with its {@link #hash()}) and
 * the retry topic's record keys carry it, so it never changes.
 */
public final class RowKey {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    private final Map<String, Object> values;
    private final String text;

    private RowKey(Map<String, Object> values) {
        this.values = values;
        this.text = canonicalText(values);
    }

    /**
     * The key of {@code values} (column name to value, none null), values in {@link Values}' normal form.
     *
     * @throws IllegalArgumentException if there is no column, a name is blank, or a value is null or of
     *     an unsupported type
     */
    public static RowKey of(Map<String, ?> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("A row key needs at least one column");
        }
        Map<String, Object> normal = Values.normalizeAll(values);
        normal.forEach((column, value) -> {
            if (value == null) {
                throw new IllegalArgumentException("Key column '" + column + "' has a null value");
            }
        });
        return new RowKey(normal);
    }

    /**
     * The key of the given columns and their values, in the same order.
     *
     * @throws IllegalArgumentException if the two lists differ in size, or as {@link #of(Map)}
     */
    public static RowKey of(List<String> columns, List<?> values) {
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(
                    "A key of " + columns.size() + " columns " + columns + " has " + values.size() + " values");
        }
        Map<String, Object> key = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (key.put(columns.get(i), values.get(i)) != null) {
                throw new IllegalArgumentException("Key column '" + columns.get(i) + "' is named twice");
            }
        }
        return of(key);
    }

    /** The columns and their values in normal form, in the order given; unmodifiable. */
    public Map<String, Object> values() {
        return values;
    }

    /** The canonical text (see the class comment). */
    public String text() {
        return text;
    }

    /** The fence's identity of the row within its table: the SHA-256 of the canonical text's UTF-8 bytes. */
    public byte[] hash() {
        return hash(text);
    }

    /** The SHA-256 of {@code identity}'s UTF-8 bytes, the hash the fence keys rows by. */
    public static byte[] hash(String identity) {
        return SHA_256.get().digest(identity.getBytes(StandardCharsets.UTF_8));
    }

    /** Keys are equal when their canonical texts are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RowKey key && text.equals(key.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The canonical text: a key names a row, never a row's other columns. */
    @Override
    public String toString() {
        return text;
    }

    /** The canonical text of a key already in normal form (a mutation's). */
    static String canonicalText(Map<String, Object> key) {
        if (key.size() == 1) {
            // The common one-column key needs no sorting.
            Map.Entry<String, Object> only = key.entrySet().iterator().next();
            return escape(only.getKey().toLowerCase(Locale.ROOT)) + '=' + escape(valueText(only.getValue()));
        }
        Map<String, Object> sorted = new TreeMap<>();
        key.forEach((column, value) -> sorted.put(column.toLowerCase(Locale.ROOT), value));
        StringBuilder out = new StringBuilder();
        sorted.forEach((column, value) -> {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(escape(column)).append('=').append(escape(valueText(value)));
        });
        return out.toString();
    }

    private static String valueText(Object value) {
        if (value instanceof Long || value instanceof BigInteger || value instanceof BigDecimal) {
            return Numbers.canonicalText((Number) value);
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant().toString();
        }
        if (value instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        return String.valueOf(value);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }
}
