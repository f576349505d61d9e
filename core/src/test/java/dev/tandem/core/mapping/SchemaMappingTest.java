package dev.tandem.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.Mutation;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaMappingTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final SchemaMapping mapping = SchemaMapping.of(List.of(new TableMapping(
            "legacy_orders",
            "orders",
            Map.of(
                    "qty", new ColumnMapping("qty", "quantity", false, Conversion.WIDEN_INTEGER, null),
                    "note", new ColumnMapping("note", null, false, Conversion.REDECODE_LATIN1_TO_UTF8, null),
                    "paid", new ColumnMapping("paid", null, false, Conversion.TINYINT_TO_BOOLEAN, null),
                    "placed_at",
                            new ColumnMapping("placed_at", null, false, Conversion.LOCAL_TIMESTAMP_TO_ZONED, PARIS),
                    "internal_flag", new ColumnMapping("internal_flag", null, true, null, null)))));

    @Test
    void mutationsAreRenamedConvertedAndStrippedOfDroppedColumns() {
        Mutation given = Mutation.upsert("legacy_orders")
                .key("id", 7)
                .version(3)
                .column("qty", 5)
                .column("note", mojibake("Crème ☕"))
                .column("paid", 1)
                .column("placed_at", LocalDateTime.of(2026, 7, 1, 12, 0))
                .column("internal_flag", 9)
                .build();

        Mutation mapped = mapping.toSecondary(given);

        assertThat(mapped.table()).isEqualTo("orders");
        assertThat(mapped.key()).isEqualTo(Map.of("id", 7L));
        assertThat(mapped.columns())
                .containsOnlyKeys("quantity", "note", "paid", "placed_at")
                .containsEntry("quantity", 5L)
                .containsEntry("note", "Crème ☕")
                .containsEntry("paid", true)
                .containsEntry("placed_at", OffsetDateTime.of(2026, 7, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)));
        assertThat(mapped.writeId()).isEqualTo(given.writeId());
        assertThat(mapped.version()).isEqualTo(3);
    }

    @Test
    void tablesNotDeclaredPassUnchanged() {
        Mutation given = Mutation.delete("payments").key("id", 1).version(2).build();

        assertThat(mapping.toSecondary(given)).isSameAs(given);
        assertThat(SchemaMapping.NONE.toSecondary(given)).isSameAs(given);
    }

    @Test
    void redecodingRepairsUtf8ReadAsLatin1AndKeepsRealText() {
        assertThat(Conversion.redecode(mojibake("naïve café ☕ € №"))).isEqualTo("naïve café ☕ € №");
        assertThat(Conversion.redecode("café")).as("real latin1 text").isEqualTo("café");
        assertThat(Conversion.redecode("☕ already")).as("text beyond latin1").isEqualTo("☕ already");
        assertThat(Conversion.redecode("plain ascii")).isEqualTo("plain ascii");
    }

    @Test
    void tinyintFlagsBecomeBooleans() {
        ColumnMapping paid = new ColumnMapping("paid", null, false, Conversion.TINYINT_TO_BOOLEAN, null);

        assertThat(paid.convert(0L)).isEqualTo(false);
        assertThat(paid.convert(1L)).isEqualTo(true);
        assertThat(paid.convert(2L)).isEqualTo(true);
        assertThat(paid.convert(null)).isNull();
        assertThatThrownBy(() -> paid.convert("yes")).hasMessageContaining("TINYINT_TO_BOOLEAN expects a number");
    }

    @Test
    void aConversionChecksTheKindsAndRangesItJoins() {
        Column integer = integer("qty", 32);
        Column bigint = integer("quantity", 64);

        assertThat(Conversion.WIDEN_INTEGER.problem(integer, bigint)).isNull();
        assertThat(Conversion.WIDEN_INTEGER.problem(bigint, integer)).contains("is narrower than the primary's");
        assertThat(Conversion.LOCAL_TIMESTAMP_TO_ZONED.problem(integer, bigint))
                .contains("converts [TIMESTAMP] columns, but the primary's is INT");
    }

    @Test
    void contradictoryDeclarationsAreRefusedNamingWhatClashes() {
        assertThatThrownBy(() -> new ColumnMapping("flag", null, true, Conversion.TINYINT_TO_BOOLEAN, null))
                .hasMessage("Column 'flag' is dropped, so it cannot also be converted (TINYINT_TO_BOOLEAN)");
        assertThatThrownBy(() -> SchemaMapping.of(
                        List.of(new TableMapping("a", "t", Map.of()), new TableMapping("b", "t", Map.of()))))
                .hasMessage("Tables 'a' and 'b' are both mapped to the secondary's 't'");
    }

    private static Column integer(String name, int bits) {
        BigInteger max = BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE);
        return new Column(
                name,
                ColumnKind.INTEGER,
                bits == 32 ? "INT" : "BIGINT",
                0,
                false,
                0,
                false,
                max.negate().subtract(BigInteger.ONE),
                max);
    }

    private static String mojibake(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), Charset.forName("windows-1252"));
    }
}
