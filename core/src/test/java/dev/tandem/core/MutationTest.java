package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MutationTest {

    @Test
    void smallIntegerTypesFloatsAndInstantsAreNormalised() {
        Instant instant = Instant.parse("2026-11-21T10:15:30.123456Z");
        Mutation m = Mutation.upsert("t")
                .key("id", 7)
                .column("s", (short) 3)
                .column("f", 1.5f)
                .column("at", instant)
                .column("big", BigInteger.TEN)
                .build();

        assertThat(m.key()).containsEntry("id", 7L);
        assertThat(m.columns())
                .containsEntry("s", 3L)
                .containsEntry("f", 1.5d)
                .containsEntry("big", 10L)
                .containsEntry("at", OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    @Test
    void nullIsAValueDistinctFromEmptyText() {
        Map<String, Object> columns = new HashMap<>();
        columns.put("a", null);
        columns.put("b", "");
        Mutation m = Mutation.upsert("t").key("id", 1).columns(columns).build();

        assertThat(m.columns()).containsEntry("a", null).containsEntry("b", "");
    }

    @Test
    void binaryValuesAreCopiedAndComparedByContent() {
        byte[] bytes = {1, 2, 3};
        Mutation m = Mutation.upsert("t").key("id", 1).column("b", bytes).build();
        bytes[0] = 9;

        assertThat((byte[]) m.columns().get("b")).containsExactly(1, 2, 3);
        Mutation same = new Mutation(
                m.writeId(),
                "t",
                Map.of("id", 1L),
                Operation.UPSERT,
                0,
                Map.of("b", new byte[] {1, 2, 3}),
                m.committedAt(),
                0);
        assertThat(same).isEqualTo(m).hasSameHashCodeAs(m);
    }

    @Test
    void unsupportedValueTypeIsRefusedNamingTheColumn() {
        assertThatThrownBy(() -> Mutation.upsert("t")
                        .key("id", 1)
                        .column("when", new java.util.Date())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'when'")
                .hasMessageContaining("java.util.Date");
    }

    @Test
    void deleteCarryingColumnsIsRefused() {
        assertThatThrownBy(
                        () -> Mutation.delete("t").key("id", 1).column("x", 1).build())
                .hasMessageContaining("DELETE but carries columns [x]");
    }

    @Test
    void keyWithoutColumnsOrWithNullValueIsRefused() {
        assertThatThrownBy(() -> Mutation.upsert("t").build()).hasMessageContaining("no key columns");
        assertThatThrownBy(() -> Mutation.upsert("t").key("id", null).build())
                .hasMessageContaining("null value for key column 'id'");
    }

    @Test
    void negativeVersionIsRefused() {
        assertThatThrownBy(() -> Mutation.upsert("t").key("id", 1).version(-1).build())
                .hasMessageContaining("negative version -1");
    }

    @Test
    void rowKeyIsTheSameWhateverTheKeyOrderCaseAndNumberType() {
        Mutation a = Mutation.upsert("t").key("Region", "eu").key("id", 5).build();
        Mutation b = Mutation.delete("t")
                .key("id", new java.math.BigDecimal("5.00"))
                .key("region", "eu")
                .build();

        assertThat(a.rowKey()).isEqualTo("id=5,region=eu").isEqualTo(b.rowKey());
    }

    @Test
    void oneColumnRowKeyIsCanonicalToo() {
        Mutation a =
                Mutation.upsert("t").key("ID", new java.math.BigDecimal("5.00")).build();
        Mutation b = Mutation.upsert("t").key("k", "a=b,c\\").build();

        assertThat(a.rowKey()).isEqualTo("id=5");
        assertThat(b.rowKey()).isEqualTo("k=a\\=b\\,c\\\\");
    }

    @Test
    void rowKeyEscapesSeparatorsSoDifferentKeysNeverCollide() {
        Mutation a = Mutation.upsert("t").key("a", "x,b=y").build();
        Mutation b = Mutation.upsert("t").key("a", "x").key("b", "y").build();

        assertThat(a.rowKey()).isNotEqualTo(b.rowKey());
    }

    @Test
    void nextAttemptCountsUpAndKeepsEverythingElse() {
        Mutation m = Mutation.upsert("t").key("id", 1).version(4).build();

        Mutation retried = m.nextAttempt();

        assertThat(retried.attempt()).isEqualTo(1);
        assertThat(retried.writeId()).isEqualTo(m.writeId());
        assertThat(retried.version()).isEqualTo(4);
    }
}
