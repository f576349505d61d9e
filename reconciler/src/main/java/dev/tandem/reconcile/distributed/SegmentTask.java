package dev.tandem.reconcile.distributed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.codec.KeyJson;
import dev.tandem.core.work.Task;
import java.time.Instant;

/**
 * A segment to compare, as published on the tasks topic: keyed {@code run/table/segment}, its value
 * JSON with the key bounds typed, so that every worker compares exactly the same keys.
 *
 * @param run the run's id
 * @param table the table, as configured
 * @param segments how many segments the table was split into
 * @param since compare only the rows changed since then (an incremental run); null for all
 * @param segment the key range
 */
record SegmentTask(long run, String table, int segments, Instant since, Segment segment) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The id of segment {@code segment} of {@code table} in run {@code run}: the task's and the result's key. */
    static String key(long run, String table, int segment) {
        return run + "/" + table + "/" + segment;
    }

    String key() {
        return key(run, table, segment.number());
    }

    /** The task, placed by the segment's number: segments spread over the partitions. */
    Task task() {
        ObjectNode node = JSON.createObjectNode();
        node.put("run", run);
        node.put("table", table);
        node.put("segment", segment.number());
        node.put("segments", segments);
        node.put("since", since == null ? null : since.toString());
        node.set("after", KeyJson.encode(segment.after()));
        node.set("upTo", KeyJson.encode(segment.upTo()));
        return new Task(key(), node.toString(), segment.number());
    }

    /** @throws IllegalArgumentException if {@code value} is not a segment task */
    static SegmentTask decode(String value) {
        try {
            JsonNode node = JSON.readTree(value);
            JsonNode since = node.path("since");
            return new SegmentTask(
                    node.required("run").asLong(),
                    node.required("table").asText(),
                    node.required("segments").asInt(),
                    since.isNull() || since.isMissingNode() ? null : Instant.parse(since.asText()),
                    new Segment(
                            node.required("segment").asInt(),
                            KeyJson.decode(node.get("after")),
                            KeyJson.decode(node.get("upTo"))));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("Not a reconcile segment task: " + e.getMessage(), e);
        }
    }
}
