package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void everyWholeTypeBecomesALong() {
        assertThat(Numbers.whole((byte) 7)).isEqualTo(7L);
        assertThat(Numbers.whole((short) 7)).isEqualTo(7L);
        assertThat(Numbers.whole(7)).isEqualTo(7L);
        assertThat(Numbers.whole(7L)).isEqualTo(7L);
        assertThat(Numbers.whole(BigInteger.valueOf(7))).isEqualTo(7L);
    }

    @Test
    void bigIntegerStaysBigOnlyBeyondSixtyFourBits() {
        BigInteger max = BigInteger.valueOf(Long.MAX_VALUE);
        BigInteger min = BigInteger.valueOf(Long.MIN_VALUE);
        BigInteger unsignedMax = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

        assertThat(Numbers.narrow(max)).isEqualTo(Long.MAX_VALUE);
        assertThat(Numbers.narrow(min)).isEqualTo(Long.MIN_VALUE);
        assertThat(Numbers.narrow(max.add(BigInteger.ONE))).isEqualTo(max.add(BigInteger.ONE));
        assertThat(Numbers.narrow(min.subtract(BigInteger.ONE))).isEqualTo(min.subtract(BigInteger.ONE));
        assertThat(Numbers.whole(unsignedMax)).isEqualTo(unsignedMax);
        assertThat(Numbers.fitsLong(max)).isTrue();
        assertThat(Numbers.fitsLong(unsignedMax)).isFalse();
    }

    @Test
    void decimalsAndFloatsAreNotWhole() {
        assertThat(Numbers.isWhole(new BigDecimal("7"))).isFalse();
        assertThat(Numbers.isWhole(7.0)).isFalse();
        assertThat(Numbers.isWhole("7")).isFalse();
        assertThat(Numbers.isWhole(null)).isFalse();
        assertThatThrownBy(() -> Numbers.whole(7.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Double");
    }

    @Test
    void equalNumbersOfAnyExactTypeHaveOneCanonicalText() {
        assertThat(Numbers.canonicalText(42)).isEqualTo("42");
        assertThat(Numbers.canonicalText(42L)).isEqualTo("42");
        assertThat(Numbers.canonicalText(BigInteger.valueOf(42))).isEqualTo("42");
        assertThat(Numbers.canonicalText(new BigDecimal("42.00"))).isEqualTo("42");
        assertThat(Numbers.canonicalText(new BigDecimal("4.2E+1"))).isEqualTo("42");
        assertThat(Numbers.canonicalText(new BigDecimal("100"))).isEqualTo("100");
        assertThat(Numbers.canonicalText(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(Numbers.canonicalText(new BigDecimal("0.000"))).isEqualTo("0");
        assertThat(Numbers.canonicalText(new BigDecimal("-0.50"))).isEqualTo("-0.5");
    }

    @Test
    void aDoubleHasNoCanonicalExactText() {
        assertThatThrownBy(() -> Numbers.canonicalText(0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not an exact number");
    }

    @Test
    void decimalIsExactForEveryType() {
        assertThat(Numbers.decimal(Long.MAX_VALUE)).isEqualTo(new BigDecimal(Long.toString(Long.MAX_VALUE)));
        assertThat(Numbers.decimal((short) -3)).isEqualTo(new BigDecimal("-3"));
        assertThat(Numbers.decimal(new BigDecimal("1.50"))).isEqualTo(new BigDecimal("1.50"));
        assertThat(Numbers.decimal(BigInteger.TEN.pow(30))).isEqualTo(new BigDecimal(BigInteger.TEN.pow(30)));
        assertThat(Numbers.decimal(2.5)).isEqualTo(new BigDecimal("2.5"));
    }
}
