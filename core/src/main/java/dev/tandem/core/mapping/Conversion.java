package dev.tandem.core.mapping;

import dev.tandem.core.Numbers;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * How a primary column's value becomes the secondary column's. Each conversion also says which
 * column kinds it joins, checked at start-up.
 */
public enum Conversion {

    /** The value as it is. */
    NONE(null, null),

    /** An integer column to a wider one (INT to BIGINT): the value as it is, the ranges checked at start-up. */
    WIDEN_INTEGER(Set.of(ColumnKind.INTEGER), Set.of(ColumnKind.INTEGER)),

    /**
     * Text stored as UTF-8 bytes in a latin1 column (what a UTF-8 application writing through a latin1
     * connection leaves behind, e.g. {@code Ã©} for {@code é}) re-decoded to the real characters. Text
     * whose latin1 bytes are not valid UTF-8 was real latin1 and is kept as it is.
     */
    REDECODE_LATIN1_TO_UTF8(Set.of(ColumnKind.TEXT), Set.of(ColumnKind.TEXT)),

    /** A MySQL {@code tinyint(1)} flag to a boolean: 0 is false, any other number true. */
    TINYINT_TO_BOOLEAN(Set.of(ColumnKind.INTEGER, ColumnKind.BOOLEAN), Set.of(ColumnKind.BOOLEAN)),

    /**
     * A timestamp without zone that holds local time of the mapping's {@code zone} to a timestamp
     * with zone (the same instant).
     */
    LOCAL_TIMESTAMP_TO_ZONED(Set.of(ColumnKind.TIMESTAMP), Set.of(ColumnKind.TIMESTAMPTZ));

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final Set<ColumnKind> from;
    private final Set<ColumnKind> to;

    Conversion(Set<ColumnKind> from, Set<ColumnKind> to) {
        this.from = from;
        this.to = to;
    }

    /**
     * Why this conversion cannot join {@code primary} to {@code secondary}, or null when it can.
     */
    String problem(Column primary, Column secondary) {
        if (this == NONE) {
            return null;
        }
        if (!from.contains(primary.kind())) {
            return "converts " + from + " columns, but the primary's is " + primary.typeName();
        }
        if (!to.contains(secondary.kind())) {
            return "converts to " + to + " columns, but the secondary's is " + secondary.typeName();
        }
        if (this == WIDEN_INTEGER
                && (secondary.minimum().compareTo(primary.minimum()) > 0
                        || secondary.maximum().compareTo(primary.maximum()) < 0)) {
            return "the secondary's " + secondary.typeName() + " [" + secondary.minimum() + ", " + secondary.maximum()
                    + "] is narrower than the primary's " + primary.typeName() + " [" + primary.minimum() + ", "
                    + primary.maximum() + "]";
        }
        return null;
    }

    /** {@code value} (as the primary holds it, never null) as the secondary must hold it. */
    Object apply(Object value, ZoneId zone) {
        return switch (this) {
            case NONE, WIDEN_INTEGER -> value;
            case REDECODE_LATIN1_TO_UTF8 -> value instanceof String text ? redecode(text) : value;
            case TINYINT_TO_BOOLEAN -> toBoolean(value);
            case LOCAL_TIMESTAMP_TO_ZONED -> value instanceof LocalDateTime local
                    ? local.atZone(zone).toOffsetDateTime()
                    : value;
        };
    }

    /** The column {@code primary} as the converted value looks: what it is compared as. */
    Column describe(Column primary, Column secondary) {
        return switch (this) {
            case NONE, WIDEN_INTEGER, REDECODE_LATIN1_TO_UTF8 -> primary;
            case TINYINT_TO_BOOLEAN, LOCAL_TIMESTAMP_TO_ZONED -> new Column(
                    primary.name(),
                    secondary.kind(),
                    secondary.typeName(),
                    primary.size(),
                    primary.lengthInBytes(),
                    primary.scale(),
                    primary.nullable(),
                    null,
                    null);
        };
    }

    private static Object toBoolean(Object value) {
        if (value instanceof Boolean) {
            return value;
        }
        if (Numbers.isWhole(value) || value instanceof BigDecimal) {
            return Numbers.decimal((Number) value).signum() != 0;
        }
        throw new IllegalArgumentException("TINYINT_TO_BOOLEAN expects a number but the value is a "
                + value.getClass().getSimpleName());
    }

    /**
     * The characters' latin1 bytes (MySQL's latin1 is windows-1252, whose five unassigned bytes it
     * maps to the C1 controls) read as UTF-8.
     */
    static String redecode(String text) {
        byte[] bytes = new byte[text.length()];
        CharsetEncoder cp1252 = WINDOWS_1252.newEncoder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 || (c >= 0xA0 && c <= 0xFF) || c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) {
                bytes[i] = (byte) c;
            } else {
                try {
                    ByteBuffer encoded = cp1252.encode(CharBuffer.wrap(new char[] {c}));
                    if (encoded.remaining() != 1) {
                        return text;
                    }
                    bytes[i] = encoded.get();
                } catch (CharacterCodingException e) {
                    return text; // not latin1 at all: already real characters
                }
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return text; // real latin1 text, not UTF-8 bytes
        }
    }
}
