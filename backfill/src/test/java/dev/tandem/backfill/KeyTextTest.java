package dev.tandem.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyTextTest {

    @Test
    void chunkBoundsReadBackAsTheSameTypedValues() {
        List<Object> key = Arrays.asList(
                42L,
                new BigDecimal("12.50"),
                "eu, \"west\" ✓",
                UUID.fromString("0190a6f2-1111-7000-8000-000000000001"),
                LocalDate.of(2026, 1, 2),
                LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6_000),
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)));

        assertThat(KeyText.decode(KeyText.encode(key))).isEqualTo(key);
        assertThat(KeyText.encode(null)).isNull();
        assertThat(KeyText.decode(null)).isNull();
    }

    @Test
    void aKeyTypeChunksCannotBeBoundedByIsRefused() {
        assertThatThrownBy(() -> KeyText.encode(List.of(new byte[] {1})))
                .hasMessageContaining("Backfill splits tables by keys of whole numbers")
                .hasMessageContaining("byte[]");
    }
}
