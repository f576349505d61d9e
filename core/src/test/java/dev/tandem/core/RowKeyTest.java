package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowKeyTest {

    @Test
    void keysOfEqualValuesAreEqualWhateverTheOrderCaseAndNumberType() {
        RowKey a = RowKey.of(List.of("Region", "id"), List.of("eu", 5));
        RowKey b = RowKey.of(Map.of("id", new BigDecimal("5.00"), "region", "eu"));
        RowKey c = RowKey.of(List.of("ID", "REGION"), List.of(BigInteger.valueOf(5), "eu"));

        assertThat(a.text()).isEqualTo("id=5,region=eu");
        assertThat(a).isEqualTo(b).isEqualTo(c).hasSameHashCodeAs(b);
        assertThat(a.hash()).isEqualTo(b.hash());
    }

    @Test
    void textIsTheMutationsRowKey() {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("Tenant", UUID.fromString("0190a5d2-0000-7000-8000-000000000001"));
        key.put("at", OffsetDateTime.of(2026, 12, 3, 13, 0, 0, 0, ZoneOffset.ofHours(2)));
        key.put("code", new byte[] {1, (byte) 0xAB});
        key.put("n", 12.0);
        Mutation mutation =
                Mutation.delete("t").key("Tenant", key.get("Tenant")).build();
        Mutation.Builder builder = Mutation.delete("t");
        key.forEach(builder::key);

        assertThat(RowKey.of(key).text())
                .isEqualTo(builder.build().rowKey())
                .isEqualTo("at=2026-12-03T11:00:00Z,code=0x01ab,n=12,tenant=0190a5d2-0000-7000-8000-000000000001");
        assertThat(RowKey.of(Map.of("Tenant", key.get("Tenant"))).text()).isEqualTo(mutation.rowKey());
    }

    @Test
    void separatorsInNamesAndValuesAreEscapedSoDifferentKeysNeverCollide() {
        RowKey one = RowKey.of(Map.of("a", "x,b=y"));
        RowKey two = RowKey.of(List.of("a", "b"), List.of("x", "y"));

        assertThat(one.text()).isEqualTo("a=x\\,b\\=y");
        assertThat(two.text()).isEqualTo("a=x,b=y");
        assertThat(one).isNotEqualTo(two);
        assertThat(RowKey.of(Map.of("k", "a\\")).text()).isEqualTo("k=a\\\\");
    }

    @Test
    void hashIsTheSha256OfTheCanonicalText() throws Exception {
        RowKey key = RowKey.of(Map.of("id", 42));

        byte[] expected = MessageDigest.getInstance("SHA-256").digest("id=42".getBytes(StandardCharsets.UTF_8));
        assertThat(key.hash()).isEqualTo(expected).isEqualTo(RowKey.hash("id=42"));
    }

    @Test
    void valuesKeepTheGivenOrderInNormalForm() {
        RowKey key = RowKey.of(List.of("region", "id"), List.of("eu", (short) 5));

        assertThat(key.values()).containsExactly(Map.entry("region", "eu"), Map.entry("id", 5L));
        assertThat(key).hasToString("id=5,region=eu");
    }

    @Test
    void bytesAreComparedByContent() {
        RowKey a = RowKey.of(Map.of("k", new byte[] {1, 2}));
        RowKey b = RowKey.of(Map.of("k", Arrays.copyOf(new byte[] {1, 2}, 2)));

        assertThat(a).isEqualTo(b);
    }

    @Test
    void badKeysAreRefusedNamingWhatIsWrong() {
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("id", null);

        assertThatThrownBy(() -> RowKey.of(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one column");
        assertThatThrownBy(() -> RowKey.of(withNull))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id' has a null value");
        assertThatThrownBy(() -> RowKey.of(List.of("id", "region"), List.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 columns [id, region] has 1 values");
        assertThatThrownBy(() -> RowKey.of(List.of("id", "id"), List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id' is named twice");
        assertThatThrownBy(() -> RowKey.of(Map.of("id", new Object())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Column 'id' has a value of unsupported type java.lang.Object");
    }
}
