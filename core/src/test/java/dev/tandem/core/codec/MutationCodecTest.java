package dev.tandem.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.JsonText;
import dev.tandem.core.Mutation;
import dev.tandem.core.RowKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MutationCodecTest {

    static Map<String, Object> trickyValues() {
        Map<String, Object> values = new HashMap<>();
        values.put("unsigned_max", new BigInteger("18446744073709551615"));
        values.put("long_min", Long.MIN_VALUE);
        values.put("decimal_scale", new BigDecimal("12.3400"));
        values.put("decimal_exponent", new BigDecimal("1E+3"));
        values.put("double_exact", 0.1 + 0.2);
        values.put("double_nan", Double.NaN);
        values.put("flag", true);
        values.put("arabic_emoji", "مرحبا بالعالم 👋🏽 \u0000 \"quoted\" \\ back");
        values.put("empty", "");
        values.put("nothing", null);
        values.put("bytes", new byte[] {0, -1, 127, -128});
        values.put("day", LocalDate.of(1970, 1, 1));
        values.put("time", LocalTime.of(23, 59, 59, 999_999_000));
        values.put("local", LocalDateTime.of(2026, 3, 29, 2, 30, 0, 123_456_000));
        values.put("instant", OffsetDateTime.parse("2026-11-21T10:15:30.000001+05:30"));
        values.put("uuid", UUID.fromString("0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b"));
        values.put("doc", new JsonText("{\"b\": [1, 2.50, null], \"a\": \"ü\"}"));
        return values;
    }

    @Test
    void aRowKeyAloneComesBackWithItsTypesAndColumnOrder() {
        Mutation write = Mutation.upsert("orders")
                .key("region", "eu")
                .key("id", new BigInteger("18446744073709551615"))
                .key("day", LocalDate.of(2026, 12, 4))
                .version(1)
                .build();

        Map<String, Object> key = MutationCodec.decodeKey(MutationCodec.encodeKey(write.key()));

        assertThat(key).containsExactlyEntriesOf(write.key());
        assertThat(RowKey.of(key).text()).isEqualTo(write.rowKey());
    }

    @Test
    void aBrokenRowKeyIsRefusedSayingWhy() {
        assertThatThrownBy(() -> MutationCodec.decodeKey("{}"))
                .isInstanceOf(MutationDecodingException.class)
                .hasMessageContaining("row key has no column");
        assertThatThrownBy(() -> MutationCodec.decodeKey("{\"id\":{\"nope\":1}}"))
                .isInstanceOf(MutationDecodingException.class)
                .hasMessageContaining("id");
        assertThatThrownBy(() -> MutationCodec.decodeKey("[1]")).isInstanceOf(MutationDecodingException.class);
    }

    @Test
    void everyValueTypeSurvivesTheRoundTripBitForBit() {
        Mutation original = Mutation.upsert("orders")
                .key("id", 42)
                .key("region", "eu")
                .version(7)
                .columns(trickyValues())
                .committedAt(Instant.parse("2026-11-21T20:15:00.123456789Z"))
                .attempt(2)
                .build();

        Mutation decoded = MutationCodec.decode(MutationCodec.encode(original));

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.columns().get("decimal_scale")).isEqualTo(new BigDecimal("12.3400"));
        assertThat(decoded.columns().get("unsigned_max")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(decoded.columns()).containsEntry("nothing", null).containsEntry("empty", "");
        assertThat((Double) decoded.columns().get("double_nan")).isNaN();
    }

    @Test
    void deleteRoundTrips() {
        Mutation original = Mutation.delete("orders").key("id", 42).version(3).build();

        assertThat(MutationCodec.decode(MutationCodec.encode(original))).isEqualTo(original);
    }

    @Test
    void envelopeNamesItsSchemaVersionAndTypesEveryValue() {
        Mutation m = Mutation.upsert("orders")
                .key("id", 1)
                .column("total", new BigDecimal("9.90"))
                .build();

        String json = new String(MutationCodec.encode(m), StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"schema\":1")
                .contains("\"key\":{\"id\":{\"int\":1}}")
                .contains("\"total\":{\"decimal\":\"9.90\"}");
    }

    @Test
    void recordKeyIsTableAndCanonicalRowKey() {
        Mutation m = Mutation.upsert("orders").key("region", "eu").key("id", 1).build();

        assertThat(new String(MutationCodec.recordKey(m), StandardCharsets.UTF_8))
                .isEqualTo("orders/id=1,region=eu");
    }

    @Test
    void payloadThatIsNotJsonIsMalformed() {
        assertThatThrownBy(() -> MutationCodec.decode("not json {".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MutationDecodingException.class, e -> assertThat(e.reason())
                        .isEqualTo(MutationDecodingException.Reason.MALFORMED))
                .hasMessageContaining("not JSON");
    }

    @Test
    void unknownSchemaVersionIsRefusedRatherThanGuessed() {
        String json = new String(
                        MutationCodec.encode(Mutation.upsert("t").key("id", 1).build()), StandardCharsets.UTF_8)
                .replace("\"schema\":1", "\"schema\":3");

        assertThatThrownBy(() -> MutationCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MutationDecodingException.class, e -> assertThat(e.reason())
                        .isEqualTo(MutationDecodingException.Reason.UNSUPPORTED_SCHEMA_VERSION))
                .hasMessageContaining("schema 3 is not supported");
    }

    @Test
    void repairTravelsAsSchemaTwoAndComesBackAsARepair() {
        Mutation repair =
                Mutation.upsert("t").key("id", 1).version(3).repair(true).build();

        byte[] payload = MutationCodec.encode(repair);

        assertThat(new String(payload, StandardCharsets.UTF_8))
                .contains("\"schema\":2")
                .contains("\"repair\":true");
        assertThat(MutationCodec.decode(payload)).isEqualTo(repair);
        assertThat(MutationCodec.decode(MutationCodec.encode(
                                Mutation.upsert("t").key("id", 1).build()))
                        .repair())
                .isFalse();
    }

    @Test
    void schemaTwoWithoutTheRepairFlagIsMalformed() {
        String json = new String(
                        MutationCodec.encode(Mutation.upsert("t").key("id", 1).build()), StandardCharsets.UTF_8)
                .replace("\"schema\":1", "\"schema\":2");

        assertThatThrownBy(() -> MutationCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MutationDecodingException.class, e -> assertThat(e.reason())
                        .isEqualTo(MutationDecodingException.Reason.MALFORMED))
                .hasMessageContaining("must be a repair");
    }

    @Test
    void missingFieldOrBadValueIsMalformedAndNamed() {
        String valid = envelopeWithDecimal();

        assertThatThrownBy(() -> MutationCodec.decode(
                        valid.replace("\"table\":\"t\",", "").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("field 'table'");
        assertThatThrownBy(() -> MutationCodec.decode(
                        valid.replace("\"1.5\"", "\"one and a half\"").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("column 'd' has a bad decimal value");
        assertThatThrownBy(() -> MutationCodec.decode(
                        valid.replace("{\"decimal\"", "{\"money\"").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown value type 'money'");
    }

    @Test
    void fieldsMayComeInAnyOrderAndUnknownFieldsAreSkipped() {
        String json = "{\"attempt\":1,\"extra\":{\"nested\":[1,{\"a\":2}]},\"columns\":{\"n\":{\"int\":5}},"
                + "\"key\":{\"id\":{\"text\":\"a\"}},\"version\":3,\"op\":\"UPSERT\",\"table\":\"t\","
                + "\"committedAt\":\"2026-11-21T20:15:00Z\",\"writeId\":\"0193a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b\",\"schema\":1}";

        Mutation decoded = MutationCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.key()).containsEntry("id", "a");
        assertThat(decoded.columns()).containsEntry("n", 5L);
        assertThat(decoded.version()).isEqualTo(3);
        assertThat(decoded.attempt()).isEqualTo(1);
        assertThat(decoded.committedAt()).isEqualTo(Instant.parse("2026-11-21T20:15:00Z"));
    }

    @Test
    void typedValueWithTwoFieldsOrNoObjectIsMalformed() {
        String valid = new String(
                MutationCodec.encode(
                        Mutation.upsert("t").key("id", 1).column("n", 2L).build()),
                StandardCharsets.UTF_8);

        assertThatThrownBy(() -> MutationCodec.decode(valid.replace("{\"int\":2}", "{\"int\":2,\"text\":\"x\"}")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("column 'n' is not a one-field typed value");
        assertThatThrownBy(() ->
                        MutationCodec.decode(valid.replace("{\"int\":2}", "[2]").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("column 'n' is not a one-field typed value");
        assertThatThrownBy(() -> MutationCodec.decode(
                        valid.replace("{\"int\":2}", "{\"int\":2.5}").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("column 'n' has a bad int value");
    }

    @Test
    void fieldsAreJudgedInOrderWhateverTheirPlaceInThePayload() {
        String valid = envelopeWithDecimal();
        String bad = valid.replace("\"1.5\"", "\"x\"").replace("\"table\":\"t\",", "");

        assertThatThrownBy(() -> MutationCodec.decode(bad.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("field 'table'");
        assertThatThrownBy(() -> MutationCodec.decode(
                        (valid.substring(0, valid.length() - 1) + ",\"x\":").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not JSON");
    }

    @Test
    void commitTimesReadAsInstantParseReadsThem() {
        for (String text : new String[] {
            "2026-11-21T20:15:00Z",
            "2026-11-21T20:15:00.1Z",
            "2026-11-21T20:15:00.123456Z",
            "2026-11-21T20:15:00.123456789Z",
            "0000-01-01T00:00:00Z",
            "2016-12-31T23:59:60Z",
            "+12026-11-21T20:15:00Z",
            "-0001-11-21T20:15:00Z",
            "2026-11-21t20:15:00z",
            "2026-11-21T24:00:00Z",
            "2026-11-21T20:15:00.Z"
        }) {
            assertThat(EnvelopeReader.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThatThrownBy(() -> EnvelopeReader.instant("2026-02-30T20:15:00Z")).isInstanceOf(RuntimeException.class);
    }

    private static String envelopeWithDecimal() {
        return new String(
                MutationCodec.encode(Mutation.upsert("t")
                        .key("id", 1)
                        .column("d", new BigDecimal("1.5"))
                        .build()),
                StandardCharsets.UTF_8);
    }
}
