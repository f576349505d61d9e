package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.codec.MutationCodec;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported type, with the values engines and codecs like to get wrong, written to one engine,
 * read back as a primary reader would, carried through the retry-topic envelope, and written to the
 * other engine: what arrives is exactly what was sent.
 */
class TypeRoundTripIT {

    private static final String MARIADB_TABLE = "CREATE TABLE typed (id BIGINT PRIMARY KEY, u64 BIGINT UNSIGNED,"
            + " i64 BIGINT, dec_col DECIMAL(30,10), dbl DOUBLE, flt FLOAT, flag TINYINT(1),"
            + " txt VARCHAR(200) CHARACTER SET utf8mb4, empty_txt VARCHAR(10), null_txt VARCHAR(10), long_txt LONGTEXT,"
            + " bin VARBINARY(64), day DATE, tod TIME(6), local_ts DATETIME(6), instant_ts DATETIME(6), uid CHAR(36), doc JSON)"
            + " DEFAULT CHARSET=utf8mb4";
    private static final String POSTGRES_TABLE = "CREATE TABLE typed (id BIGINT PRIMARY KEY, u64 NUMERIC(20,0),"
            + " i64 BIGINT, dec_col NUMERIC(30,10), dbl DOUBLE PRECISION, flt REAL, flag BOOLEAN,"
            + " txt VARCHAR(200), empty_txt VARCHAR(10), null_txt VARCHAR(10), long_txt TEXT,"
            + " bin BYTEA, day DATE, tod TIME(6), local_ts TIMESTAMP(6), instant_ts TIMESTAMPTZ, uid UUID, doc JSONB)";

    private static final UUID UID = UUID.fromString("0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b");
    private static final String DOC = "{\"a\": [1, 2.50, null], \"b\": \"ü \\\"q\\\"\"}";
    private static final String TEXT = "مرحبا بالعالم 👋🏽 e\u0301 ñ 日本語 \t'\"\\";
    private static final String LONG_TEXT = "x".repeat(70_000) + "🎉";
    private static final byte[] BYTES = bytes();

    static Stream<Arguments> directions() {
        return Stream.of(
                Arguments.of(Engine.MARIADB, Engine.POSTGRESQL), Arguments.of(Engine.POSTGRESQL, Engine.MARIADB));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("directions")
    void everyTypeArrivesExactlyAsSentBetweenTheEngines(Engine from, Engine to) {
        TestDatabase source = create(from);
        TestDatabase target = create(to);

        SecondaryStore.of(source.dataSource)
                .apply(Mutation.upsert("typed")
                        .key("id", 1)
                        .version(1)
                        .columns(sent())
                        .build());
        Map<String, Object> readFromSource = withoutId(source.rows("typed").get("1"));
        assertSameValues(readFromSource, expected(from));

        Mutation carried = MutationCodec.decode(MutationCodec.encode(Mutation.upsert("typed")
                .key("id", 1)
                .version(1)
                .columns(readFromSource)
                .build()));
        assertThat(SecondaryStore.of(target.dataSource).apply(carried)).isEqualTo(ApplyOutcome.APPLIED);

        assertSameValues(withoutId(target.rows("typed").get("1")), expected(to));
    }

    private static TestDatabase create(Engine engine) {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute(engine == Engine.MARIADB ? MARIADB_TABLE : POSTGRES_TABLE);
        return db;
    }

    private static Map<String, Object> sent() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("u64", new BigInteger("18446744073709551615"));
        values.put("i64", Long.MIN_VALUE);
        values.put("dec_col", new BigDecimal("-12345678901234567890.0123456789"));
        values.put("dbl", 0.1 + 0.2);
        values.put("flt", 0.1f);
        values.put("flag", true);
        values.put("txt", TEXT);
        values.put("empty_txt", "");
        values.put("null_txt", null);
        values.put("long_txt", LONG_TEXT);
        values.put("bin", BYTES);
        values.put("day", LocalDate.of(2024, 2, 29));
        values.put("tod", LocalTime.of(23, 59, 59, 999_999_000));
        // 02:30 on 29 March 2026 does not exist in Central Europe: a zone conversion would shift it.
        values.put("local_ts", LocalDateTime.of(2026, 3, 29, 2, 30, 0, 123_456_000));
        values.put("instant_ts", OffsetDateTime.parse("2026-10-25T01:30:00.654321+02:00"));
        values.put("uid", UID);
        values.put("doc", new JsonText(DOC));
        return values;
    }

    /** What each engine holds and returns for {@link #sent()}: the same values, in its own types. */
    private static Map<String, Object> expected(Engine engine) {
        Map<String, Object> values = new HashMap<>(sent());
        values.put("flt", (double) 0.1f);
        if (engine == Engine.MARIADB) {
            values.put("instant_ts", LocalDateTime.of(2026, 10, 24, 23, 30, 0, 654_321_000));
            values.put("uid", UID.toString());
            values.put("doc", DOC);
        } else {
            values.put("u64", new BigDecimal("18446744073709551615"));
        }
        return values;
    }

    private static void assertSameValues(Map<String, Object> actual, Map<String, Object> expected) {
        assertThat(actual).containsOnlyKeys(expected.keySet());
        expected.forEach((column, value) -> {
            Object got = actual.get(column);
            if (value instanceof OffsetDateTime instant) {
                assertThat(got).as(column).isInstanceOfSatisfying(OffsetDateTime.class, t -> assertThat(t)
                        .isAtSameInstantAs(instant));
            } else if (value instanceof byte[] bytes) {
                assertThat(got).as(column).isInstanceOfSatisfying(byte[].class, b -> assertThat(b)
                        .containsExactly(bytes));
            } else if (value instanceof BigDecimal decimal) {
                assertThat(got).as(column).isInstanceOfSatisfying(BigDecimal.class, d -> assertThat(d.toString())
                        .isEqualTo(decimal.toString()));
            } else {
                assertThat(got).as(column).isEqualTo(value);
            }
        });
    }

    private static Map<String, Object> withoutId(Map<String, Object> row) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        copy.remove("id");
        return copy;
    }

    private static byte[] bytes() {
        byte[] bytes = new byte[64];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 4 - 128);
        }
        bytes[0] = 0;
        bytes[63] = (byte) 0xFF;
        return bytes;
    }
}
