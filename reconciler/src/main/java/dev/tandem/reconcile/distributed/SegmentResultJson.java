package dev.tandem.reconcile.distributed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.codec.KeyJson;
import dev.tandem.core.compare.CheckedDifference;
import dev.tandem.core.compare.Difference;
import dev.tandem.core.compare.DifferenceKind;
import dev.tandem.core.compare.Verdict;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.TableResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link SegmentResult} as JSON on the results topic: counts by kind and column, the checked
 * differences with their keys typed (so that the coordinator checks pending keys and plans repairs
 * for the same rows), and the columns compared on one side only. Masked values were masked by the
 * worker's comparison and stay masked.
 */
final class SegmentResultJson {

    /** Below the broker's default largest message (1 MB), with room for the record's overhead. */
    static final int MAX_BYTES = 900_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SegmentResultJson() {}

    /**
     * The result as JSON of at most {@link #MAX_BYTES}: a segment whose differences do not fit keeps the
     * first ones (in key order) and is marked truncated, as a comparison that kept no more is.
     */
    static String encode(SegmentResult result) {
        String text = encode(result, Integer.MAX_VALUE);
        int keep = result.result() == null ? 0 : result.result().differences().size();
        while (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES && keep > 0) {
            keep /= 2;
            text = encode(result, keep);
        }
        return text;
    }

    private static String encode(SegmentResult segment, int keep) {
        ObjectNode node = JSON.createObjectNode();
        node.put("run", segment.run());
        node.put("table", segment.table());
        node.put("segment", segment.segment());
        node.put("worker", segment.worker());
        node.put("error", segment.error());
        TableResult result = segment.result();
        if (result != null) {
            strings(node.putArray("keyColumns"), result.keyColumns());
            node.put("rows", result.rowsCompared());
            node.put("tookMillis", result.took().toMillis());
            node.put(
                    "truncated",
                    result.truncated() || keep < result.differences().size());
            ObjectNode found = node.putObject("found");
            found.put("missing", result.foundCounts().missing());
            found.put("extra", result.foundCounts().extra());
            found.put("mismatched", result.foundCounts().mismatched());
            ObjectNode columns = found.putObject("columns");
            result.foundCounts().columns().forEach(columns::put);
            strings(node.putArray("onlyInPrimary"), result.onlyInPrimary());
            strings(node.putArray("onlyInSecondary"), result.onlyInSecondary());
            ArrayNode differences = node.putArray("differences");
            result.differences().stream().limit(keep).forEach(d -> {
                ObjectNode checked = differences.addObject();
                checked.put("verdict", d.verdict().name());
                checked.set("found", difference(d.found()));
                checked.set("now", d.now() == null ? null : difference(d.now()));
            });
        }
        return node.toString();
    }

    /** @throws IllegalArgumentException if {@code text} is not a segment result */
    static SegmentResult decode(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            JsonNode error = node.path("error");
            TableResult result = error.isTextual() ? null : result(node);
            return new SegmentResult(
                    node.required("run").asLong(),
                    node.required("table").asText(),
                    node.required("segment").asInt(),
                    node.path("worker").asText("?"),
                    result,
                    error.isTextual() ? error.asText() : null);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("Not a reconcile segment result: " + e.getMessage(), e);
        }
    }

    private static TableResult result(JsonNode node) {
        JsonNode found = node.required("found");
        Map<String, Long> columns = new TreeMap<>();
        found.required("columns")
                .fields()
                .forEachRemaining(e -> columns.put(e.getKey(), e.getValue().asLong()));
        List<CheckedDifference> differences = new ArrayList<>();
        for (JsonNode checked : node.required("differences")) {
            JsonNode now = checked.path("now");
            differences.add(new CheckedDifference(
                    difference(checked.required("found")),
                    Verdict.valueOf(checked.required("verdict").asText()),
                    now.isObject() ? difference(now) : null));
        }
        return new TableResult(
                node.required("table").asText(),
                null,
                strings(node.required("keyColumns")),
                node.required("rows").asLong(),
                Duration.ofMillis(node.path("tookMillis").asLong()),
                new FoundCounts(
                        found.required("missing").asLong(),
                        found.required("extra").asLong(),
                        found.required("mismatched").asLong(),
                        columns),
                differences,
                node.required("truncated").asBoolean(),
                strings(node.required("onlyInPrimary")),
                strings(node.required("onlyInSecondary")));
    }

    private static ObjectNode difference(Difference difference) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", difference.kind().name());
        node.set("key", KeyJson.encode(difference.key()));
        ArrayNode columns = node.putArray("columns");
        for (Difference.ColumnDifference column : difference.columns()) {
            columns.addObject()
                    .put("column", column.column())
                    .put("primary", column.primary())
                    .put("secondary", column.secondary());
        }
        return node;
    }

    private static Difference difference(JsonNode node) {
        List<Difference.ColumnDifference> columns = new ArrayList<>();
        for (JsonNode column : node.required("columns")) {
            columns.add(new Difference.ColumnDifference(
                    column.required("column").asText(), text(column.get("primary")), text(column.get("secondary"))));
        }
        return new Difference(
                DifferenceKind.valueOf(node.required("kind").asText()), KeyJson.decode(node.required("key")), columns);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
