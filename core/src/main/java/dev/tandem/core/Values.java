package dev.tandem.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The column value types a mutation carries, in one normal form each: whole numbers as {@link Long}
 * (or {@link BigInteger} beyond it, e.g. {@code BIGINT UNSIGNED}; see {@link Numbers}), {@link BigDecimal} with its scale,
 * {@link Double}, {@link Boolean}, {@link String}, {@code byte[]}, {@link LocalDate}, {@link LocalTime},
 * {@link LocalDateTime} (no zone), {@link OffsetDateTime} (an instant with its offset), {@link UUID},
 * {@link JsonText}, and {@code null}.
 */
final class Values {

    private Values() {}

    /** {@code value} in normal form; an {@link IllegalArgumentException} naming the column if unsupported. */
    static Object normalize(String column, Object value) {
        if (value == null
                || value instanceof String
                || value instanceof Long
                || value instanceof BigDecimal
                || value instanceof Double
                || value instanceof Boolean
                || value instanceof LocalDate
                || value instanceof LocalTime
                || value instanceof LocalDateTime
                || value instanceof OffsetDateTime
                || value instanceof UUID
                || value instanceof JsonText) {
            return value;
        }
        if (Numbers.isWhole(value)) {
            return Numbers.whole((Number) value);
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        throw new IllegalArgumentException("Column '" + column + "' has a value of unsupported type "
                + value.getClass().getName());
    }

    /** An unmodifiable copy, in {@code values}' order, of every value in normal form; nulls kept. */
    static Map<String, Object> normalizeAll(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((column, value) -> {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("A column name is null or blank");
            }
            copy.put(column, normalize(column, value));
        });
        return Collections.unmodifiableMap(copy);
    }

    /** Equality that compares {@code byte[]} by content. */
    static boolean equal(Map<String, Object> a, Map<String, Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, Object> entry : a.entrySet()) {
            if (!b.containsKey(entry.getKey()) || !equal(entry.getValue(), b.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }

    static int hash(Map<String, Object> values) {
        int hash = 0;
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Object v = entry.getValue();
            hash += entry.getKey().hashCode()
                    ^ (v instanceof byte[] bytes ? Arrays.hashCode(bytes) : Objects.hashCode(v));
        }
        return hash;
    }
}
