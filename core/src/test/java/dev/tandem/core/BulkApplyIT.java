package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's bulk apply (COPY into a staging table, merged set-wise) and the in-table fence give
 * exactly what the row-wise path gives: the same outcome for every mutation of randomized batches,
 * the same rows, and every value written exactly as binding it would.
 */
class BulkApplyIT {

    private static final String ITEMS =
            "CREATE TABLE items (id BIGINT PRIMARY KEY, label TEXT NOT NULL," + " version_seen BIGINT NOT NULL)";

    @Test
    void bulkApplyAndInTableFenceReportTheRowWiseOutcomesOnRandomizedBatches() throws SQLException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<List<Mutation>> batches = randomBatches(random);
        Map<ApplyPath, TestDatabase> databases = new LinkedHashMap<>();
        Map<ApplyPath, List<ApplyOutcome>> outcomes = new LinkedHashMap<>();
        for (ApplyPath path : List.of(ApplyPath.ROW_WISE, ApplyPath.COPY, ApplyPath.IN_TABLE)) {
            TestDatabase db = TestDatabase.fresh(Secondary.POSTGRESQL);
            db.execute(ITEMS);
            SecondaryStore store = path.store(db.dataSource, "items");
            List<ApplyOutcome> reported = new ArrayList<>();
            for (List<Mutation> batch : batches) {
                store.applyAll(batch).forEach(r -> reported.add(r.outcome()));
            }
            databases.put(path, db);
            outcomes.put(path, reported);
        }

        List<ApplyOutcome> rowWise = outcomes.get(ApplyPath.ROW_WISE);
        assertThat(rowWise).as("seed %d", seed).contains(ApplyOutcome.values());
        assertThat(outcomes.get(ApplyPath.COPY)).as("seed %d: COPY", seed).isEqualTo(rowWise);
        assertThat(outcomes.get(ApplyPath.IN_TABLE))
                .as("seed %d: in-table fence", seed)
                .isEqualTo(rowWise);
        Map<String, Map<String, String>> rows =
                comparable(databases.get(ApplyPath.ROW_WISE).rows("items"));
        assertThat(comparable(databases.get(ApplyPath.COPY).rows("items")))
                .as("seed %d", seed)
                .isEqualTo(rows);
        assertThat(comparable(databases.get(ApplyPath.IN_TABLE).rows("items")))
                .as("seed %d", seed)
                .isEqualTo(rows);
        assertThat(stagingTables(databases.get(ApplyPath.COPY)))
                .as("the COPY path staged its batches")
                .isPositive();
        assertThat(stagingTables(databases.get(ApplyPath.ROW_WISE))).isZero();
    }

    @Test
    void bulkApplyWritesEveryValueExactlyAsBindingItDoes() throws SQLException {
        List<Mutation> batch = new ArrayList<>();
        String[] texts = {
            "tab\there",
            "new\nline",
            "carriage\rreturn",
            "back\\slash",
            "\\N",
            "\\.",
            "end\\",
            "👋🏽 e\u0301 日本語",
            "",
            "'\"",
        };
        for (int i = 0; i < texts.length; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("dec_col", new BigDecimal(i % 2 == 0 ? "12.50" : "-12345678901234567890.0123456789"));
            values.put("dbl", i == 1 ? Double.NaN : i == 2 ? Double.NEGATIVE_INFINITY : 0.1 + 0.2 * i);
            values.put("flt", i == 3 ? Float.POSITIVE_INFINITY : 0.1f * i);
            values.put("flag", i % 2 == 0);
            values.put("txt", texts[i]);
            values.put("null_txt", i % 3 == 0 ? null : texts[i]);
            values.put("bin", new byte[] {0, '\\', '\n', '\t', (byte) 0xFF, (byte) i});
            values.put("day", LocalDate.of(2024, 2, 29).plusDays(i));
            values.put("tod", LocalTime.of(23, 59, 59, 999_999_000));
            values.put("local_ts", LocalDateTime.of(2026, 3, 29, 2, 30, 0, 123_456_000));
            values.put("instant_ts", OffsetDateTime.parse("2026-10-25T01:30:00.654321+02:00"));
            values.put("uid", UUID.nameUUIDFromBytes(texts[i].getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            values.put("doc", new JsonText("{\"t\": \"" + i + "\\t\\\\\", \"n\": [1, 2.50, null]}"));
            batch.add(Mutation.upsert("typed")
                    .key("id", i)
                    .version(1)
                    .columns(values)
                    .build());
        }

        Map<String, Map<String, String>> rowWise = typedRows(ApplyPath.ROW_WISE, batch);
        assertThat(typedRows(ApplyPath.COPY, batch)).isEqualTo(rowWise);
        assertThat(rowWise.get("0")).containsEntry("txt", "tab\there").containsEntry("null_txt", "null");
    }

    private static Map<String, Map<String, String>> typedRows(ApplyPath path, List<Mutation> batch) {
        TestDatabase db = TestDatabase.fresh(Secondary.POSTGRESQL);
        db.execute("CREATE TABLE typed (id BIGINT PRIMARY KEY, dec_col NUMERIC(30,10), dbl DOUBLE PRECISION,"
                + " flt REAL, flag BOOLEAN, txt TEXT, null_txt VARCHAR(40), bin BYTEA, day DATE, tod TIME(6),"
                + " local_ts TIMESTAMP(6), instant_ts TIMESTAMPTZ, uid UUID, doc JSONB)");
        assertThat(path.store(db.dataSource).applyAll(batch)).allMatch(r -> r.outcome() == ApplyOutcome.APPLIED);
        try {
            assertThat(stagingTables(db) > 0).as("staged on %s", path).isEqualTo(path == ApplyPath.COPY);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return comparable(db.rows("typed"));
    }

    /**
     * Each row's upserts and deletes over versions that rise, delivered in random batches: late, twice,
     * out of order, so that every outcome and a resurrection attempt occur.
     */
    private static List<List<Mutation>> randomBatches(Random random) {
        List<Mutation> deliveries = new ArrayList<>();
        for (long id = 1; id <= 300; id++) {
            int versions = 1 + random.nextInt(6);
            for (int v = 1; v <= versions; v++) {
                Mutation m = v > 1 && random.nextInt(4) == 0
                        ? Mutation.delete("items").key("id", id).version(v).build()
                        : Mutation.upsert("items")
                                .key("id", id)
                                .version(v)
                                .column("label", "item " + id + " v" + v + (v % 2 == 0 ? "\t\\" : "\n"))
                                .column("version_seen", v)
                                .build();
                deliveries.add(m);
                if (random.nextInt(4) == 0) {
                    deliveries.add(m.nextAttempt());
                }
            }
        }
        java.util.Collections.shuffle(deliveries, random);
        List<List<Mutation>> batches = new ArrayList<>();
        for (int from = 0; from < deliveries.size(); ) {
            int size = 1 + random.nextInt(200);
            batches.add(deliveries.subList(from, Math.min(deliveries.size(), from + size)));
            from += size;
        }
        return batches;
    }

    /** Rows with their values as comparable text: bytes in hex, numbers with their scale, instants in UTC. */
    private static Map<String, Map<String, String>> comparable(Map<String, Map<String, Object>> rows) {
        Map<String, Map<String, String>> texts = new TreeMap<>();
        rows.forEach((key, row) -> {
            Map<String, String> values = new TreeMap<>();
            row.forEach((column, value) -> values.put(column, text(value)));
            texts.put(key, values);
        });
        return texts;
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toString();
        }
        if (value instanceof OffsetDateTime instant) {
            return instant.toInstant().toString();
        }
        return String.valueOf(value);
    }

    /** How many staging tables the bulk apply created in the sessions of {@code db}'s pool. */
    private static int stagingTables(TestDatabase db) throws SQLException {
        try (Connection c = db.dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relpersistence = 't'"
                        + " AND relname LIKE 'tandem\\_stage\\_%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
