package dev.tandem.core.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A row key (its values, in key order) as JSON, each value typed as the envelope types column values
 * ({@code [{"int":42},{"text":"eu"}]}), so that it reads back as the same Java values: keys sent
 * between processes (key-range bounds, the keys of differences) stay keys of the same rows.
 */
public final class KeyJson {

    private KeyJson() {}

    /** {@code key} as a JSON array; null stays null. */
    public static ArrayNode encode(List<Object> key) {
        if (key == null) {
            return null;
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode(key.size());
        key.forEach(value -> array.add(TypedValues.encode(value)));
        return array;
    }

    /**
     * The key {@code node} holds; null for a JSON null or a missing node.
     *
     * @throws IllegalArgumentException if it is not an array of typed values
     */
    public static List<Object> decode(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("A key is a JSON array of typed values, not " + node);
        }
        List<Object> key = new ArrayList<>(node.size());
        for (JsonNode value : node) {
            if (!value.isObject() || value.size() != 1) {
                throw new IllegalArgumentException("A key value is one typed field, e.g. {\"int\":42}, not " + value);
            }
            Map.Entry<String, JsonNode> typed = value.fields().next();
            try (JsonParser parser = typed.getValue().traverse()) {
                parser.nextToken();
                key.add(TypedValues.decode("key", typed.getKey(), parser));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return key;
    }
}
