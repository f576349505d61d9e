package dev.tandem.core.jdbc;

import dev.tandem.core.JsonText;
import dev.tandem.core.Numbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Checks that a mutation's value fits a column and converts it to what the dialect binds. The rules,
 * the same on both engines:
 *
 * <ul>
 *   <li>numbers must fit exactly: integers within the column's range, decimals within its precision
 *       and scale (trailing zeros beyond the scale are dropped, other digits are refused);
 *   <li>text must fit the column's length, counted in characters, or in UTF-8 bytes for MySQL TEXT;
 *   <li>timestamps without zone hold UTC: an instant is converted to UTC, and a time without zone
 *       going to a timestamptz column is read as UTC;
 *   <li>fractional seconds beyond the column's precision are truncated, never rounded, so both
 *       engines store the same value;
 *   <li>floating-point numbers must fit too: NaN and ±Infinity only where the column can hold them
 *       (not on MySQL/MariaDB), and a single-precision column only what a float can hold;
 *   <li>each kind takes its own values and no other family's: a boolean is not a number and a number is
 *       not a boolean (a MySQL {@code tinyint(1)} flag becomes a boolean through the schema mapping's
 *       {@code TINYINT_TO_BOOLEAN}); conversions that lose nothing are taken (a whole number for a
 *       decimal, a UUID for text);
 *   <li>NULL is refused by NOT NULL columns.
 * </ul>
 */
public final class ColumnValues {

    private ColumnValues() {}

    /** {@code value} ready to bind to {@code column}; an {@link IllegalArgumentException} saying why not. */
    public static Object convert(Column column, Object value) {
        if (value == null) {
            if (!column.nullable()) {
                throw new IllegalArgumentException("is NOT NULL but the value is null");
            }
            return null;
        }
        return switch (column.kind()) {
            case BOOLEAN -> toBoolean(value);
            case INTEGER -> toInteger(column, value);
            case DECIMAL -> toDecimal(column, value);
            case FLOAT -> toDouble(column, value);
            case TEXT -> checkLength(column, toText(value));
            case BINARY -> checkLength(column, toBytes(value));
            case DATE -> expect(value, LocalDate.class, "a date");
            case TIME -> {
                LocalTime time = (LocalTime) expect(value, LocalTime.class, "a time");
                yield time.withNano(truncateNanos(time.getNano(), column.scale()));
            }
            case TIMESTAMP -> truncate(toUtcDateTime(value), column.scale());
            case TIMESTAMPTZ -> truncate(toOffsetDateTime(value), column.scale());
            case JSON -> value instanceof JsonText json ? json.json() : expect(value, String.class, "JSON text");
            case UUID -> toUuid(value);
            case UNSUPPORTED -> throw new IllegalArgumentException(
                    "has type " + column.typeName() + ", which Tandem does not support");
        };
    }

    private static Boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw mismatch("a boolean", value);
    }

    private static Object toInteger(Column column, Object value) {
        if (value instanceof Long l && fits(l, column)) {
            return l;
        }
        BigInteger number;
        if (value instanceof Long l) {
            number = BigInteger.valueOf(l);
        } else if (value instanceof BigInteger b) {
            number = b;
        } else if (value instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
            number = d.toBigIntegerExact();
        } else {
            throw mismatch("a whole number", value);
        }
        if (number.compareTo(column.minimum()) < 0 || number.compareTo(column.maximum()) > 0) {
            throw new IllegalArgumentException("value " + number + " is outside " + column.typeName() + " range ["
                    + column.minimum() + ", " + column.maximum() + "]");
        }
        return Numbers.fitsLong(number) ? (Object) number.longValue() : new BigDecimal(number);
    }

    /** Whether {@code value} is within the column's range, compared without making BigIntegers. */
    private static boolean fits(long value, Column column) {
        BigInteger min = column.minimum();
        BigInteger max = column.maximum();
        // A bound beyond 64 bits (an unsigned BIGINT's maximum) is beyond every long.
        boolean aboveMin = min.bitLength() < 64 ? value >= min.longValue() : min.signum() < 0;
        boolean belowMax = max.bitLength() < 64 ? value <= max.longValue() : max.signum() > 0;
        return aboveMin && belowMax;
    }

    private static BigDecimal toDecimal(Column column, Object value) {
        BigDecimal number;
        if (value instanceof BigDecimal d) {
            number = d;
        } else if (value instanceof Long l) {
            number = BigDecimal.valueOf(l);
        } else if (value instanceof BigInteger b) {
            number = new BigDecimal(b);
        } else {
            throw mismatch("an exact number", value);
        }
        if (column.size() == 0) {
            return number;
        }
        BigDecimal scaled;
        try {
            scaled = number.setScale(column.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("value " + number.toPlainString() + " has more than " + column.scale()
                    + " decimal places, which " + column.typeName() + "(" + column.size() + "," + column.scale()
                    + ") would round");
        }
        if (scaled.precision() - scaled.scale() > column.size() - column.scale()) {
            throw new IllegalArgumentException("value " + number.toPlainString() + " is too large for "
                    + column.typeName() + "(" + column.size() + "," + column.scale() + ")");
        }
        return scaled;
    }

    private static Double toDouble(Column column, Object value) {
        double number;
        if (value instanceof Double d) {
            number = d;
        } else if (value instanceof Long l && Math.abs(l) <= (1L << 53)) {
            number = l.doubleValue();
        } else {
            throw mismatch("a floating-point number", value);
        }
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            if (column.finiteOnly()) {
                throw new IllegalArgumentException("cannot hold " + number + " (only finite numbers)");
            }
        } else if (column.singlePrecision() && Math.abs(number) > Float.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "value " + number + " is outside the single-precision range ±" + Float.MAX_VALUE);
        }
        return number;
    }

    private static String toText(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof UUID || value instanceof JsonText) {
            return value.toString();
        }
        throw mismatch("text", value);
    }

    private static byte[] toBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof UUID uuid) {
            return ByteBuffer.allocate(16)
                    .putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits())
                    .array();
        }
        throw mismatch("binary data", value);
    }

    private static String checkLength(Column column, String text) {
        if (column.size() <= 0) {
            return text;
        }
        long length = column.lengthInBytes()
                ? text.getBytes(StandardCharsets.UTF_8).length
                : text.codePointCount(0, text.length());
        if (length > column.size()) {
            throw new IllegalArgumentException("text of " + length + (column.lengthInBytes() ? " bytes" : " characters")
                    + " is longer than " + column.typeName() + " allows (" + column.size() + ")");
        }
        return text;
    }

    private static byte[] checkLength(Column column, byte[] bytes) {
        if (column.size() > 0 && bytes.length > column.size()) {
            throw new IllegalArgumentException("binary value of " + bytes.length + " bytes is longer than "
                    + column.typeName() + " allows (" + column.size() + ")");
        }
        return bytes;
    }

    private static LocalDateTime toUtcDateTime(Object value) {
        if (value instanceof LocalDateTime t) {
            return t;
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        throw mismatch("a timestamp", value);
    }

    private static OffsetDateTime toOffsetDateTime(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof LocalDateTime t) {
            return t.atOffset(ZoneOffset.UTC);
        }
        throw mismatch("a timestamp", value);
    }

    private static UUID toUuid(Object value) {
        if (value instanceof UUID u) {
            return u;
        }
        if (value instanceof String s) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("text '" + abbreviate(s) + "' is not a UUID");
            }
        }
        throw mismatch("a UUID", value);
    }

    private static LocalDateTime truncate(LocalDateTime t, int digits) {
        return t.withNano(truncateNanos(t.getNano(), digits));
    }

    private static OffsetDateTime truncate(OffsetDateTime t, int digits) {
        return t.withNano(truncateNanos(t.getNano(), digits));
    }

    private static int truncateNanos(int nanos, int digits) {
        int unit = (int) Math.pow(10, 9 - Math.min(Math.max(digits, 0), 9));
        return nanos - nanos % unit;
    }

    private static Object expect(Object value, Class<?> type, String what) {
        if (!type.isInstance(value)) {
            throw mismatch(what, value);
        }
        return value;
    }

    private static IllegalArgumentException mismatch(String expected, Object value) {
        return new IllegalArgumentException("expects " + expected + " but the value is a "
                + value.getClass().getSimpleName());
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
