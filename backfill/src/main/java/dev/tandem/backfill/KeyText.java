package dev.tandem.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A chunk bound (key values) as text for the checkpoint table, each value tagged with its type so it
 * reads back as the same Java value: {@code ["n:42","s:eu"]}.
 */
final class KeyText {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private KeyText() {}

    /** @throws IllegalArgumentException for a key value of a type chunks cannot be bounded by */
    static String encode(List<Object> key) {
        if (key == null) {
            return null;
        }
        List<String> tagged = new ArrayList<>(key.size());
        for (Object value : key) {
            tagged.add(tag(value));
        }
        try {
            return JSON.writeValueAsString(tagged);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Encoding key " + key + " failed", e);
        }
    }

    static List<Object> decode(String text) {
        if (text == null) {
            return null;
        }
        try {
            List<Object> key = new ArrayList<>();
            for (String tagged : JSON.readValue(text, String[].class)) {
                key.add(untag(tagged));
            }
            return key;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("The checkpoint table holds a key that is not one of Tandem's: " + text, e);
        }
    }

    private static String tag(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return "n:" + value;
        }
        if (value instanceof BigDecimal d) {
            return "d:" + d.toPlainString();
        }
        if (value instanceof String s) {
            return "s:" + s;
        }
        if (value instanceof UUID u) {
            return "u:" + u;
        }
        if (value instanceof LocalDate d) {
            return "D:" + d;
        }
        if (value instanceof LocalDateTime t) {
            return "T:" + t;
        }
        if (value instanceof OffsetDateTime t) {
            return "Z:" + t;
        }
        throw new IllegalArgumentException("Backfill splits tables by keys of whole numbers, decimals, text, UUIDs,"
                + " dates and timestamps, not "
                + (value == null ? "NULL" : value.getClass().getSimpleName()));
    }

    private static Object untag(String tagged) {
        String value = tagged.substring(2);
        return switch (tagged.charAt(0)) {
            case 'n' -> Long.parseLong(value);
            case 'd' -> new BigDecimal(value);
            case 's' -> value;
            case 'u' -> UUID.fromString(value);
            case 'D' -> LocalDate.parse(value);
            case 'T' -> LocalDateTime.parse(value);
            case 'Z' -> OffsetDateTime.parse(value);
            default -> throw new IllegalArgumentException("unknown tag in " + tagged);
        };
    }
}
