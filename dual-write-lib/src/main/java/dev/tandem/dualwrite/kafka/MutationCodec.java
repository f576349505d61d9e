package dev.tandem.dualwrite.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.dualwrite.Mutation;
import dev.tandem.dualwrite.Operation;
import dev.tandem.dualwrite.kafka.MutationDecodingException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON envelope of a mutation on the retry topic. Every column value is written with its type, so
 * that it comes back as the same Java value, bit for bit:
 *
 * <pre>{@code
 * {"schema":1,"writeId":"0193…","table":"orders","op":"UPSERT","version":7,
 *  "key":{"id":{"int":42}},
 *  "columns":{"total":{"decimal":"12.50"},"note":{"text":"مرحبا 👋"},"paid_at":null},
 *  "committedAt":"2026-11-21T20:15:00.123456Z","attempt":0}
 * }</pre>
 *
 * A reconciler repair is written as schema 2 with {@code "repair":true}, so that a reader that cannot
 * honour a repair refuses it rather than apply it as an ordinary write. A reader refuses envelopes
 * whose {@code schema} it does not know rather than guess.
 */
public final class MutationCodec {

    /** The envelope version of ordinary writes. */
    public static final int SCHEMA_VERSION = 1;

    /** The envelope version of repairs; this codec reads both. */
    public static final int REPAIR_SCHEMA_VERSION = 2;

    private static final ObjectMapper mapper = new ObjectMapper();

    private MutationCodec() {}

    public static byte[] encode(Mutation mutation) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", mutation.repair() ? REPAIR_SCHEMA_VERSION : SCHEMA_VERSION);
        root.put("writeId", mutation.writeId().toString());
        root.put("table", mutation.table());
        root.put("op", mutation.operation().name());
        root.put("version", mutation.version());
        root.set("key", TypedValues.encodeAll(mutation.key()));
        root.set("columns", TypedValues.encodeAll(mutation.columns()));
        root.put("committedAt", mutation.committedAt().toString());
        root.put("attempt", mutation.attempt());
        if (mutation.repair()) {
            root.put("repair", true);
        }
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + mutation.describe() + " as JSON", e);
        }
    }

    /** The mutation in {@code payload}; a {@link MutationDecodingException} saying why if there is none. */
    public static Mutation decode(byte[] payload) {
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (IOException e) {
            throw new MutationDecodingException(Reason.MALFORMED, "Payload is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw malformed("payload is not a JSON object", null);
        }
        JsonNode schema = root.get("schema");
        if (schema == null || !schema.canConvertToInt()) {
            throw malformed("field 'schema' is missing or not a number", null);
        }
        if (schema.intValue() != SCHEMA_VERSION && schema.intValue() != REPAIR_SCHEMA_VERSION) {
            throw new MutationDecodingException(
                    Reason.UNSUPPORTED_SCHEMA_VERSION,
                    "Envelope schema " + schema.asText() + " is not supported; this reader knows schemas "
                            + SCHEMA_VERSION + " and " + REPAIR_SCHEMA_VERSION,
                    null);
        }
        boolean repair = schema.intValue() == REPAIR_SCHEMA_VERSION;
        if (repair && !root.path("repair").asBoolean(false)) {
            throw malformed("a schema " + REPAIR_SCHEMA_VERSION + " envelope must be a repair (\"repair\":true)", null);
        }
        try {
            return new Mutation(
                    UUID.fromString(text(root, "writeId")),
                    text(root, "table"),
                    TypedValues.decodeAll(object(root, "key")),
                    Operation.valueOf(text(root, "op")),
                    number(root, "version"),
                    TypedValues.decodeAll(object(root, "columns")),
                    Instant.parse(text(root, "committedAt")),
                    Math.toIntExact(number(root, "attempt")),
                    repair);
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw malformed(e.getMessage(), e);
        }
    }

    /**
     * The Kafka record key: table and canonical row key, so that every write of a row goes to the
     * same partition.
     */
    public static byte[] recordKey(Mutation mutation) {
        return (mutation.table() + "/" + mutation.rowKey()).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return node.textValue();
    }

    private static long number(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a whole number");
        }
        return node.longValue();
    }

    private static Map<String, JsonNode> object(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not an object");
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            fields.put(entry.getKey(), entry.getValue());
        }
        return fields;
    }

    private static MutationDecodingException malformed(String detail, Throwable cause) {
        return new MutationDecodingException(Reason.MALFORMED, "Payload is not a valid mutation: " + detail, cause);
    }
}
