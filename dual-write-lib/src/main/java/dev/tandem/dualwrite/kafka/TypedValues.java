package dev.tandem.dualwrite.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.dualwrite.JsonText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
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

    static Map<String, Object> decodeAll(Map<String, JsonNode> fields) {
        Map<String, Object> values = new LinkedHashMap<>();
        fields.forEach((column, node) -> values.put(column, decode(column, node)));
        return values;
    }

    private static JsonNode encode(Object value) {
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

    private static Object decode(String column, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException(
                    "column '" + column + "' is not a one-field typed value: " + abbreviate(node));
        }
        String type = node.fieldNames().next();
        JsonNode v = node.get(type);
        try {
            return switch (type) {
                case "text" -> textOf(v);
                case "int" -> {
                    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                        throw new IllegalArgumentException("not a 64-bit whole number");
                    }
                    yield v.longValue();
                }
                case "bigint" -> new BigInteger(textOf(v));
                case "decimal" -> new BigDecimal(textOf(v));
                case "double" -> Double.valueOf(textOf(v));
                case "bool" -> {
                    if (!v.isBoolean()) {
                        throw new IllegalArgumentException("not true or false");
                    }
                    yield v.booleanValue();
                }
                case "date" -> LocalDate.parse(textOf(v));
                case "time" -> LocalTime.parse(textOf(v));
                case "timestamp" -> LocalDateTime.parse(textOf(v));
                case "timestamptz" -> OffsetDateTime.parse(textOf(v));
                case "uuid" -> UUID.fromString(textOf(v));
                case "bytes" -> Base64.getDecoder().decode(textOf(v));
                case "json" -> new JsonText(textOf(v));
                default -> throw new IllegalArgumentException("unknown value type '" + type + "'");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "column '" + column + "' has a bad " + type + " value: " + e.getMessage(), e);
        }
    }

    private static String textOf(JsonNode v) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException("expected a string");
        }
        return v.textValue();
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
