package dev.tandem.core.fence;

import dev.tandem.core.jdbc.Column;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * Rows in PostgreSQL's {@code COPY … FROM STDIN} text format, UTF-8: fields separated by tabs, rows
 * by newlines, {@code \N} for NULL, and a backslash, tab, newline or carriage return inside a value
 * escaped with a backslash. Each value is rendered from the Java value {@link
 * dev.tandem.core.jdbc.ColumnValues} converted it to, as PostgreSQL's input functions read it back
 * exactly (numbers in plain notation with their scale, bytes in hex, times in ISO 8601).
 */
final class CopyText {

    private static final HexFormat HEX = HexFormat.of();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    private boolean rowStarted;

    /**
     * Whether {@code value}, converted for {@code column}, has a text form here that reads back as
     * what binding it would write: dates outside years 1 to 9999 (which the driver binds as {@code
     * infinity} or with an era) and types Tandem does not handle do not.
     */
    static boolean canRender(Column column, Object value) {
        if (value == null) {
            return true;
        }
        return switch (column.kind()) {
            case DATE -> plainYear(((LocalDate) value).getYear());
            case TIMESTAMP -> plainYear(((LocalDateTime) value).getYear());
            case TIMESTAMPTZ -> plainYear(((OffsetDateTime) value).getYear());
            case UNSUPPORTED -> false;
            default -> true;
        };
    }

    private static boolean plainYear(int year) {
        return year >= 1 && year <= 9999;
    }

    /** Appends a field holding {@code value} of {@code column}'s kind. */
    CopyText value(Column column, Object value) {
        if (value == null) {
            return raw("\\N");
        }
        return switch (column.kind()) {
            case BOOLEAN -> raw((Boolean) value ? "t" : "f");
            case INTEGER, DECIMAL -> raw(value instanceof BigDecimal d ? d.toPlainString() : value.toString());
            case FLOAT -> raw(floatText((Double) value, column.singlePrecision()));
            case BINARY -> bytes((byte[]) value);
            case TEXT, JSON -> text((String) value);
            default -> raw(value.toString());
        };
    }

    /** Appends a text field. */
    CopyText text(String value) {
        if (value == null) {
            return raw("\\N");
        }
        separate();
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String escape =
                    switch (c) {
                        case '\\' -> "\\\\";
                        case '\t' -> "\\t";
                        case '\n' -> "\\n";
                        case '\r' -> "\\r";
                        default -> null;
                    };
            if (escape != null && escaped == null) {
                escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (escaped != null) {
                if (escape != null) {
                    escaped.append(escape);
                } else {
                    escaped.append(c);
                }
            }
        }
        write(escaped == null ? value : escaped.toString());
        return this;
    }

    /** Appends a bytea field in hex ({@code \\x…}, its backslash escaped). */
    CopyText bytes(byte[] value) {
        return raw("\\\\x" + HEX.formatHex(value));
    }

    /** Appends a field of a number or a flag. */
    CopyText number(long value) {
        return raw(Long.toString(value));
    }

    CopyText flag(boolean value) {
        return raw(value ? "t" : "f");
    }

    /** Ends the current row. */
    CopyText endRow() {
        out.write('\n');
        rowStarted = false;
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private static String floatText(double value, boolean singlePrecision) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        // The shortest text that reads back as this very number. Bound, a double meant for a real column
        // is rounded to float by the server; rendered as that float, the text reads back the same.
        return singlePrecision ? Float.toString((float) value) : Double.toString(value);
    }

    /** A field whose text needs no escaping. */
    private CopyText raw(String text) {
        separate();
        write(text);
        return this;
    }

    private void separate() {
        if (rowStarted) {
            out.write('\t');
        }
        rowStarted = true;
    }

    private void write(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }
}
