package dev.tandem.core.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.JsonText;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Column values as one-field JSON objects whose field names the type: {@code {"decimal":"12.50"}}.
 * Everything but whole numbers and booleans travels as text, so no JSON parser can round it.
 */
final class TypedValues {

    private static final JsonNodeFactory json = JsonNodeFactory.instance;

    private TypedValues() {}

    static ObjectNode encodeAll(Map<String, Object> values) {
        ObjectNode node = json.objectNode();
        values.forEach((column, value) -> node.set(column, encode(value)));
        return node;
    }

    static JsonNode encode(Object value) {
        if (value == null) {
            return json.nullNode();
        }
        ObjectNode node = json.objectNode();
        if (value instanceof String s) {
            node.put("text", s);
        } else if (value instanceof Long l) {
            node.put("int", l);
        } else if (value instanceof BigInteger b) {
            node.put("bigint", b.toString());
        } else if (value instanceof BigDecimal d) {
            node.put("decimal", d.toString());
        } else if (value instanceof Double d) {
            node.put("double", d.toString());
        } else if (value instanceof Boolean b) {
            node.put("bool", b);
        } else if (value instanceof LocalDate d) {
            node.put("date", d.toString());
        } else if (value instanceof LocalTime t) {
            node.put("time", t.toString());
        } else if (value instanceof LocalDateTime t) {
            node.put("timestamp", t.toString());
        } else if (value instanceof OffsetDateTime t) {
            node.put("timestamptz", t.toString());
        } else if (value instanceof UUID u) {
            node.put("uuid", u.toString());
        } else if (value instanceof byte[] bytes) {
            node.put("bytes", Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof JsonText j) {
            node.put("json", j.json());
        } else {
            throw new IllegalArgumentException(
                    "No JSON form for a value of type " + value.getClass().getName());
        }
        return node;
    }

    /**
     * The value of {@code column} whose type field {@code type} the parser just read, from the parser's
     * current token; an {@link IllegalArgumentException} naming the column if it is not one.
     */
    static Object decode(String column, String type, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token.isStructStart()) {
            parser.skipChildren();
        }
        try {
            return switch (type) {
                case "text" -> textOf(parser);
                case "int" -> {
                    if (token != JsonToken.VALUE_NUMBER_INT
                            || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        throw new IllegalArgumentException("not a 64-bit whole number");
                    }
                    yield parser.getLongValue();
                }
                case "bigint" -> new BigInteger(textOf(parser));
                case "decimal" -> new BigDecimal(textOf(parser));
                case "double" -> Double.valueOf(textOf(parser));
                case "bool" -> {
                    if (!token.isBoolean()) {
                        throw new IllegalArgumentException("not true or false");
                    }
                    yield token == JsonToken.VALUE_TRUE;
                }
                case "date" -> LocalDate.parse(textOf(parser));
                case "time" -> LocalTime.parse(textOf(parser));
                case "timestamp" -> LocalDateTime.parse(textOf(parser));
                case "timestamptz" -> OffsetDateTime.parse(textOf(parser));
                case "uuid" -> UUID.fromString(textOf(parser));
                case "bytes" -> Base64.getDecoder().decode(textOf(parser));
                case "json" -> new JsonText(textOf(parser));
                default -> throw new IllegalArgumentException("unknown value type '" + type + "'");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "column '" + column + "' has a bad " + type + " value: " + e.getMessage(), e);
        }
    }

    private static String textOf(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("expected a string");
        }
        return parser.getText();
    }
}
