package dev.tandem.core.fence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    private static final Column TEXT = new Column("t", ColumnKind.TEXT, "text", 0, false, 0, true, null, null);
    private static final Column DECIMAL =
            new Column("d", ColumnKind.DECIMAL, "numeric", 30, false, 10, true, null, null);
    private static final Column REAL = new Column("f", ColumnKind.FLOAT, "float4", 0, false, 0, true, null, null);
    private static final Column DATE = new Column("day", ColumnKind.DATE, "date", 0, false, 0, true, null, null);

    private static String row(CopyText text) {
        return new String(text.endRow().toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void textEscapesBackslashTabNewlineAndCarriageReturn() {
        assertThat(row(new CopyText().value(TEXT, "a\tb\nc\rd\\e👋"))).isEqualTo("a\\tb\\nc\\rd\\\\e👋\n");
    }

    @Test
    void nullIsBackslashNAndTheTextBackslashNIsNot() {
        assertThat(row(new CopyText().value(TEXT, null).value(TEXT, "\\N"))).isEqualTo("\\N\t\\\\N\n");
    }

    @Test
    void bytesAreHexWithTheirBackslashEscaped() {
        assertThat(row(new CopyText().bytes(new byte[] {0, (byte) 0xff, '\\'}))).isEqualTo("\\\\x00ff5c\n");
    }

    @Test
    void decimalsKeepTheirScaleInPlainNotation() {
        assertThat(row(new CopyText()
                        .value(DECIMAL, new BigDecimal("1.20E+3"))
                        .value(DECIMAL, new BigDecimal("12.50"))))
                .isEqualTo("1200\t12.50\n");
    }

    @Test
    void aRealIsRenderedAsTheFloatTheServerWouldRoundTo() {
        assertThat(row(new CopyText().value(REAL, (double) 0.1f).value(REAL, Double.NaN)))
                .isEqualTo("0.1\tNaN\n");
    }

    @Test
    void datesOutsideYearsOneTo9999AreLeftToTheRowWisePath() {
        assertThat(CopyText.canRender(DATE, LocalDate.of(9999, 12, 31))).isTrue();
        assertThat(CopyText.canRender(DATE, LocalDate.of(10_000, 1, 1))).isFalse();
        assertThat(CopyText.canRender(DATE, LocalDate.of(0, 1, 1))).isFalse();
    }
}
