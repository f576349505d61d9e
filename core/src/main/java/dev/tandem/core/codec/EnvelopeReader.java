package dev.tandem.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.core.Mutation;
import dev.tandem.core.Operation;
import dev.tandem.core.codec.MutationDecodingException.Reason;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads an envelope in one pass of a streaming parser, without a JSON tree: the consumer decodes every
 * record, so this is on its hot path. Fields may come in any order and unknown fields are skipped; a
 * field named twice keeps its last value. The whole payload is parsed before any field is judged, so
 * broken JSON is reported as such, and fields are judged in a fixed order (schema first).
 */
final class EnvelopeReader {

    private static final JsonFactory factory = new JsonFactory();

    private String schemaText;
    private int schema;
    private String writeId;
    private String table;
    private Map<String, Object> key;
    private String op;
    private Long version;
    private Map<String, Object> columns;
    private String committedAt;
    private Long attempt;
    private boolean repair;

    private EnvelopeReader() {}

    static Mutation read(byte[] payload) {
        EnvelopeReader envelope = new EnvelopeReader();
        try (JsonParser parser = factory.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("payload is not a JSON object", null);
            }
            envelope.readFields(parser);
        } catch (IOException e) {
            throw new MutationDecodingException(Reason.MALFORMED, "Payload is not JSON: " + e.getMessage(), e);
        }
        return envelope.toMutation();
    }

    /** A row key alone, as {@link MutationCodec#encodeKey} writes it. */
    static Map<String, Object> readKey(String json) {
        try (JsonParser parser = factory.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("row key is not a JSON object", null);
            }
            Map<String, Object> key = valuesOf(values(parser), "key");
            if (key.isEmpty()) {
                throw malformed("row key has no column", null);
            }
            return key;
        } catch (IOException e) {
            throw new MutationDecodingException(Reason.MALFORMED, "Row key is not JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage(), e);
        }
    }

    private void readFields(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "schema" -> readSchema(parser, token);
                case "writeId" -> writeId = text(parser);
                case "table" -> table = text(parser);
                case "key" -> key = values(parser);
                case "op" -> op = text(parser);
                case "version" -> version = number(parser);
                case "columns" -> columns = values(parser);
                case "committedAt" -> committedAt = text(parser);
                case "attempt" -> attempt = number(parser);
                case "repair" -> repair = parser.currentToken() == JsonToken.VALUE_TRUE;
                default -> parser.skipChildren();
            }
        }
    }

    private Mutation toMutation() {
        if (schemaText == null) {
            throw malformed("field 'schema' is missing or not a number", null);
        }
        if (schema != MutationCodec.SCHEMA_VERSION && schema != MutationCodec.REPAIR_SCHEMA_VERSION) {
            throw new MutationDecodingException(
                    Reason.UNSUPPORTED_SCHEMA_VERSION,
                    "Envelope schema " + schemaText + " is not supported; this reader knows schemas "
                            + MutationCodec.SCHEMA_VERSION + " and " + MutationCodec.REPAIR_SCHEMA_VERSION,
                    null);
        }
        // A repair must say so twice: its schema and its flag; an ordinary write must not carry the flag.
        if ((schema == MutationCodec.REPAIR_SCHEMA_VERSION) != repair) {
            throw malformed(
                    schema == MutationCodec.REPAIR_SCHEMA_VERSION
                            ? "a schema " + MutationCodec.REPAIR_SCHEMA_VERSION
                                    + " envelope must be a repair (\"repair\":true)"
                            : "only a schema " + MutationCodec.REPAIR_SCHEMA_VERSION + " envelope can be a repair",
                    null);
        }
        try {
            return new Mutation(
                    UUID.fromString(required(writeId, "writeId", "a string")),
                    required(table, "table", "a string"),
                    valuesOf(key, "key"),
                    Operation.valueOf(required(op, "op", "a string")),
                    required(version, "version", "a whole number"),
                    valuesOf(columns, "columns"),
                    instant(required(committedAt, "committedAt", "a string")),
                    Math.toIntExact(required(attempt, "attempt", "a whole number")),
                    repair);
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw malformed(e.getMessage(), e);
        }
    }

    private void readSchema(JsonParser parser, JsonToken token) throws IOException {
        schemaText = null;
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
            schema = parser.getIntValue();
            schemaText = parser.getText();
        } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = parser.getDoubleValue();
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                schema = (int) value;
                schemaText = Double.toString(value);
            }
        } else {
            parser.skipChildren();
        }
    }

    /** The string at the current token; null (as if missing) if it is something else. */
    private static String text(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    /** The whole number, within a long, at the current token; null (as if missing) if it is something else. */
    private static Long number(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return parser.getLongValue();
        }
        parser.skipChildren();
        return null;
    }

    /**
     * The typed values of the object at the current token, by column; a value that cannot be read is
     * held as its {@link BadValue}, judged only if the field is used. Null if it is not an object.
     */
    private static Map<String, Object> values(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String column = parser.currentName();
            parser.nextToken();
            values.put(column, typedValue(column, parser));
        }
        return values;
    }

    /** One {@code {"type": value}} object, or JSON null. */
    private static Object typedValue(String column, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return notOneField(column);
        }
        if (parser.nextToken() != JsonToken.FIELD_NAME) {
            return notOneField(column);
        }
        String type = parser.currentName();
        parser.nextToken();
        Object value;
        try {
            value = TypedValues.decode(column, type, parser);
        } catch (IllegalArgumentException e) {
            value = new BadValue(e);
        }
        if (parser.nextToken() != JsonToken.END_OBJECT) {
            do {
                parser.nextToken();
                parser.skipChildren();
            } while (parser.nextToken() == JsonToken.FIELD_NAME);
            return notOneField(column);
        }
        return value;
    }

    private static BadValue notOneField(String column) {
        return new BadValue(new IllegalArgumentException("column '" + column + "' is not a one-field typed value"));
    }

    private static Map<String, Object> valuesOf(Map<String, Object> values, String field) {
        required(values, field, "an object");
        for (Object value : values.values()) {
            if (value instanceof BadValue bad) {
                throw bad.failure();
            }
        }
        return values;
    }

    private static <T> T required(T value, String field, String what) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not " + what);
        }
        return value;
    }

    /**
     * {@link Instant#parse}, with a fast path for the form {@link Instant#toString} writes for years
     * 0000 to 9999 ({@code 2026-11-21T20:15:00.123456Z}); anything else goes to {@link Instant#parse}.
     */
    static Instant instant(String text) {
        int length = text.length();
        if (length >= 20 && length <= 30 && length != 21 && text.charAt(length - 1) == 'Z' && hasShape(text)) {
            try {
                int nanos = 0;
                for (int i = 20; i < length - 1; i++) {
                    nanos = nanos * 10 + digit(text, i);
                }
                for (int i = length - 1; i < 29; i++) {
                    nanos *= 10;
                }
                LocalDateTime time = LocalDateTime.of(
                        digits(text, 0, 4),
                        digits(text, 5, 2),
                        digits(text, 8, 2),
                        digits(text, 11, 2),
                        digits(text, 14, 2),
                        digits(text, 17, 2),
                        nanos);
                return time.toInstant(ZoneOffset.UTC);
            } catch (DateTimeException | NumberFormatException e) {
                // Not the common form after all: let the full parser judge it.
            }
        }
        return Instant.parse(text);
    }

    private static boolean hasShape(String text) {
        return text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':'
                && (text.length() == 20 || text.charAt(19) == '.');
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + digit(text, i);
        }
        return value;
    }

    private static int digit(String text, int index) {
        char c = text.charAt(index);
        if (c < '0' || c > '9') {
            throw new NumberFormatException("not a digit: " + c);
        }
        return c - '0';
    }

    private static MutationDecodingException malformed(String detail, Throwable cause) {
        return new MutationDecodingException(Reason.MALFORMED, "Payload is not a valid mutation: " + detail, cause);
    }

    /** A value that could not be read, with the reason, kept until its field is judged. */
    private record BadValue(IllegalArgumentException failure) {}
}
