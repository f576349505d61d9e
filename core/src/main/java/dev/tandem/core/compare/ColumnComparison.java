package dev.tandem.core.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tandem.core.JsonText;
import dev.tandem.core.Numbers;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The comparison rules for one column present in both stores, in one place: each side's typed value
 * (as {@link dev.tandem.core.jdbc.Dialect#read} returns it) becomes a canonical text, and two
 * values are equal when their canonical texts are, or, for floating point with a tolerance, when
 * they are that close.
 *
 * <ul>
 *   <li>NULL is never equal to anything but NULL (not to {@code ""}, not to 0).
 *   <li>Timestamps: UTC instants, truncated to the lower fractional-second precision of the two columns.
 *   <li>Decimals: numerically ({@code 1.50} equals {@code 1.5000}); integers and booleans stored as
 *       0/1 ({@code tinyint(1)} vs {@code boolean}) compare as booleans when either side is boolean.
 *   <li>Text: exact UTF-8, no case or accent folding; trailing spaces are ignored only for
 *       fixed-length {@code CHAR} columns, which pad.
 *   <li>JSON: parsed and written back with sorted keys and numbers by value, so {@code json},
 *       {@code jsonb} and MariaDB's JSON (text to its metadata) agree.
 *   <li>UUIDs: lower-case canonical text, whether stored as {@code uuid} or as text.
 *   <li>Floating point: exact at the lower precision of the two columns, unless a tolerance is set.
 * </ul>
 */
public final class ColumnComparison {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final String name;
    private final Column primary;
    private final Column secondary;
    private final ColumnOptions options;
    private final int fractionalDigits;
    private final boolean asBoolean;
    private final boolean asJson;
    private final boolean singlePrecision;
    private final ChronoUnit unit;
    private final boolean primaryPads;
    private final boolean secondaryPads;
    private final UnaryOperator<Object> primaryConversion;

    public ColumnComparison(String name, Column primary, Column secondary, ColumnOptions options) {
        this(name, primary, secondary, options, UnaryOperator.identity());
    }

    /**
     * A column whose primary values are converted before they are compared (a schema mapping's
     * conversion); {@code primary} describes the converted values.
     */
    public ColumnComparison(
            String name,
            Column primary,
            Column secondary,
            ColumnOptions options,
            UnaryOperator<Object> primaryConversion) {
        this.primaryConversion = Objects.requireNonNull(primaryConversion, "primaryConversion");
        this.name = Objects.requireNonNull(name, "name");
        this.primary = Objects.requireNonNull(primary, "primary");
        this.secondary = Objects.requireNonNull(secondary, "secondary");
        this.options = Objects.requireNonNull(options, "options");
        this.fractionalDigits = Math.min(digits(primary), digits(secondary));
        this.asBoolean = primary.kind() == ColumnKind.BOOLEAN || secondary.kind() == ColumnKind.BOOLEAN;
        // MariaDB's JSON is LONGTEXT to its metadata: JSON on either side makes both sides JSON.
        this.asJson = primary.kind() == ColumnKind.JSON || secondary.kind() == ColumnKind.JSON;
        this.singlePrecision = isSingle(primary) || isSingle(secondary);
        this.unit = unitOf(fractionalDigits);
        this.primaryPads = isFixedLengthChar(primary);
        this.secondaryPads = isFixedLengthChar(secondary);
    }

    public String name() {
        return name;
    }

    public ColumnOptions options() {
        return options;
    }

    /** Whether the primary's {@code primaryValue} and the secondary's {@code secondaryValue} are the same. */
    public boolean equal(Object primaryRead, Object secondaryValue) {
        Object primaryValue = primaryRead == null ? null : primaryConversion.apply(primaryRead);
        if (primaryValue == null || secondaryValue == null) {
            return primaryValue == null && secondaryValue == null;
        }
        Boolean quick = quickEqual(primaryValue, secondaryValue);
        if (quick != null) {
            return quick;
        }
        if (options.floatTolerance() > 0 && primaryValue instanceof Number a && secondaryValue instanceof Number b) {
            return Math.abs(a.doubleValue() - b.doubleValue()) <= options.floatTolerance();
        }
        return canonical(primaryValue, primary).equals(canonical(secondaryValue, secondary));
    }

    /**
     * The answer for the common pairs that need no canonical text (same Java type, no rule that
     * changes the value); null when the canonical texts must decide.
     */
    private Boolean quickEqual(Object a, Object b) {
        if (asBoolean) {
            return a instanceof Boolean x && b instanceof Boolean y ? x.equals(y) : null;
        }
        if (asJson) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof String x && b instanceof String y && !primaryPads && !secondaryPads) {
            return x.equals(y);
        }
        if (a instanceof LocalDateTime x && b instanceof LocalDateTime y) {
            return x.equals(y) || x.truncatedTo(unit).equals(y.truncatedTo(unit));
        }
        return null;
    }

    /** The canonical text of {@code value} read from the primary (null stays null). */
    public String canonicalPrimary(Object value) {
        return value == null ? null : canonical(primaryConversion.apply(value), primary);
    }

    /** The canonical text of {@code value} read from the secondary (null stays null). */
    public String canonicalSecondary(Object value) {
        return value == null ? null : canonical(value, secondary);
    }

    /**
     * {@code value} read from the primary as it is stored, for reports: decimals with their scale
     * ({@code 99.90}), zone-less timestamps without a zone, at the column's fractional digits;
     * other values as their canonical text. Tagged like the canonical text ({@code n:}, {@code t:} …);
     * null stays null.
     */
    public String storedPrimary(Object value) {
        return value == null ? null : stored(primaryConversion.apply(value), primary);
    }

    /** {@code value} read from the secondary as it is stored, as {@link #storedPrimary} says. */
    public String storedSecondary(Object value) {
        return value == null ? null : stored(value, secondary);
    }

    private String stored(Object value, Column column) {
        String canonical = canonical(value, column);
        String tag = canonical.substring(0, 2);
        if (tag.equals("n:") && value instanceof BigDecimal decimal) {
            return tag + decimal.toPlainString();
        }
        if (tag.equals("t:") && value instanceof LocalDateTime timestamp) {
            return tag + StoredTimestamp.text(timestamp, column.scale());
        }
        return canonical;
    }

    private String canonical(Object value, Column column) {
        if (asBoolean) {
            return "b:" + booleanOf(value);
        }
        if (asJson && (value instanceof String || value instanceof JsonText)) {
            return "j:" + canonicalJson(value instanceof JsonText json ? json.json() : (String) value);
        }
        if (value instanceof String text) {
            boolean pads = column == primary ? primaryPads : secondaryPads;
            return "s:" + (pads ? stripTrailingSpaces(text) : text);
        }
        if (Numbers.isWhole(value) || value instanceof BigDecimal) {
            return "n:" + Numbers.canonicalText((Number) value);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return "f:" + (singlePrecision ? Float.toString((float) d) : Double.toString(d));
        }
        if (value instanceof Boolean b) {
            return "b:" + b;
        }
        if (value instanceof LocalDateTime timestamp) {
            return "t:" + truncate(timestamp.toInstant(ZoneOffset.UTC));
        }
        if (value instanceof OffsetDateTime timestamp) {
            return "t:" + truncate(timestamp.toInstant());
        }
        if (value instanceof Instant instant) {
            return "t:" + truncate(instant);
        }
        if (value instanceof LocalTime time) {
            return "h:" + time.truncatedTo(unit);
        }
        if (value instanceof JsonText json) {
            return "j:" + canonicalJson(json.json());
        }
        if (value instanceof UUID uuid) {
            return "s:" + uuid.toString();
        }
        if (value instanceof byte[] bytes) {
            return "x:" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return "x:" + HexFormat.of().formatHex(bytes);
        }
        return "o:" + value;
    }

    private String truncate(Instant instant) {
        return instant.truncatedTo(unit).toString();
    }

    /** The unit of the coarser of the two columns' fractional seconds (nanoseconds: 9 digits). */
    private static ChronoUnit unitOf(int fractionalDigits) {
        return switch (fractionalDigits) {
            case 0 -> ChronoUnit.SECONDS;
            case 1, 2, 3 -> ChronoUnit.MILLIS;
            case 4, 5, 6 -> ChronoUnit.MICROS;
            default -> ChronoUnit.NANOS;
        };
    }

    private String booleanOf(Object value) {
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof Number n) {
            return Boolean.toString(Numbers.decimal(n).signum() != 0);
        }
        return "?" + value;
    }

    private static String canonicalJson(String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            return JSON.writeValueAsString(normalizeNumbers(JSON.treeToValue(tree, Object.class)));
        } catch (JsonProcessingException e) {
            // Not JSON at all: compared as the text it is.
            return "!" + json;
        }
    }

    /** Numbers by value: {@code 1}, {@code 1.0} and {@code 1e0} are one number, as jsonb and MySQL treat them. */
    private static Object normalizeNumbers(Object node) {
        if (node instanceof java.util.Map<?, ?> map) {
            java.util.Map<Object, Object> copy = new java.util.TreeMap<>();
            map.forEach((k, v) -> copy.put(k, normalizeNumbers(v)));
            return copy;
        }
        if (node instanceof java.util.List<?> list) {
            return list.stream().map(ColumnComparison::normalizeNumbers).toList();
        }
        if (node instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
        }
        return node;
    }

    private static int digits(Column column) {
        return switch (column.kind()) {
            case TIMESTAMP, TIMESTAMPTZ, TIME -> column.scale();
            default -> 9;
        };
    }

    private static boolean isSingle(Column column) {
        String type = column.typeName().toLowerCase(Locale.ROOT);
        return column.kind() == ColumnKind.FLOAT
                && (type.equals("float4") || type.equals("real") || type.equals("float"));
    }

    private static boolean isFixedLengthChar(Column column) {
        String type = column.typeName().toLowerCase(Locale.ROOT);
        return type.equals("char") || type.equals("bpchar") || type.equals("character");
    }

    private static String stripTrailingSpaces(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(0, end);
    }
}
