package dev.tandem.core.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.Mutation;
import java.nio.charset.StandardCharsets;
import java.util.Map;

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
        return EnvelopeReader.read(payload);
    }

    /**
     * A row key alone as typed JSON text, e.g. {@code {"id":{"int":42}}}, values typed as in the
     * envelope so that {@link #decodeKey} gives back the same values: what the crash-safe outbox keeps
     * of a write to read its row again.
     */
    public static String encodeKey(Map<String, Object> key) {
        try {
            return mapper.writeValueAsString(TypedValues.encodeAll(key));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write a row key as JSON", e);
        }
    }

    /**
     * The row key {@link #encodeKey} wrote, its columns in their written order; a {@link
     * MutationDecodingException} saying why if {@code json} is none.
     */
    public static Map<String, Object> decodeKey(String json) {
        return EnvelopeReader.readKey(json);
    }

    /**
     * The Kafka record key: table and canonical row key, so that every write of a row goes to the
     * same partition.
     */
    public static byte[] recordKey(Mutation mutation) {
        return (mutation.table() + "/" + mutation.rowKey()).getBytes(StandardCharsets.UTF_8);
    }
}
