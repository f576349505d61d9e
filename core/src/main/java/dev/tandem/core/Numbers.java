package dev.tandem.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The one rule for whole and exact numbers, whoever reads or compares them: a whole number
 * ({@code Byte}, {@code Short}, {@code Integer}, {@code Long} or {@code BigInteger}) is a {@link Long}
 * when it fits 64 bits and a {@link BigInteger} only beyond (e.g. {@code BIGINT UNSIGNED}); the
 * canonical text of an exact number is its plain decimal text without trailing zeros, so {@code 42},
 * {@code 42L}, {@code BigInteger 42} and {@code 42.00} all read {@code 42}.
 */
public final class Numbers {

    private Numbers() {}

    /** Whether {@code value} is a whole number of one of the Java types above (not a decimal). */
    public static boolean isWhole(Object value) {
        return value instanceof Long
                || value instanceof Integer
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger;
    }

    /**
     * {@code value} in normal form: a {@link Long}, or the {@link BigInteger} itself when it does not fit.
     *
     * @throws IllegalArgumentException if {@code value} is not a whole number ({@link #isWhole})
     */
    public static Object whole(Number value) {
        if (value instanceof BigInteger big) {
            return narrow(big);
        }
        if (!isWhole(value)) {
            throw new IllegalArgumentException(
                    "Not a whole number: a " + value.getClass().getName());
        }
        return value.longValue();
    }

    /** {@code big} as a {@link Long} when it fits 64 bits, else {@code big} itself. */
    public static Object narrow(BigInteger big) {
        return fitsLong(big) ? (Object) big.longValue() : big;
    }

    /** Whether {@code big} lies within {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}. */
    public static boolean fitsLong(BigInteger big) {
        return big.bitLength() < 64;
    }

    /** {@code value} as an exact {@link BigDecimal}, without going through {@code double} for whole numbers. */
    public static BigDecimal decimal(Number value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(value.longValue());
        }
        return new BigDecimal(value.toString());
    }

    /**
     * The canonical text of a whole number or a {@link BigDecimal}: plain digits, no exponent, no
     * trailing zeros after the point, and {@code 0} for every zero.
     *
     * @throws IllegalArgumentException for another kind of number (a {@code Double} has no exact text)
     */
    public static String canonicalText(Number value) {
        if (isWhole(value)) {
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
        throw new IllegalArgumentException(
                "Not an exact number: a " + value.getClass().getName());
    }
}
