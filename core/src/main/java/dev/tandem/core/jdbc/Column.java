package dev.tandem.core.jdbc;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A column of a secondary table, as its metadata describes it.
 *
 * @param name the name as the database spells it
 * @param kind the family of its type
 * @param typeName the database's name of its type, e.g. {@code BIGINT UNSIGNED} or {@code jsonb}
 * @param size the length of text in characters (bytes if {@code lengthInBytes}) or of binary in bytes,
 *     or the precision of a number; 0 if unbounded
 * @param lengthInBytes whether a text column's {@code size} counts UTF-8 bytes (MySQL TEXT types)
 * @param scale decimal places of a number, or fractional-second digits of a time
 * @param nullable whether it accepts NULL
 * @param minimum the smallest value of an integer column, null for other kinds
 * @param maximum the largest value of an integer column, null for other kinds
 * @param finiteOnly whether a floating-point column cannot hold NaN and ±Infinity (MySQL's and
 *     MariaDB's FLOAT and DOUBLE cannot; PostgreSQL's real and double precision can)
 */
public record Column(
        String name,
        ColumnKind kind,
        String typeName,
        int size,
        boolean lengthInBytes,
        int scale,
        boolean nullable,
        BigInteger minimum,
        BigInteger maximum,
        boolean finiteOnly) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(typeName, "typeName");
    }

    /** A column that holds whatever values its kind has (for floating point: NaN and ±Infinity too). */
    public Column(
            String name,
            ColumnKind kind,
            String typeName,
            int size,
            boolean lengthInBytes,
            int scale,
            boolean nullable,
            BigInteger minimum,
            BigInteger maximum) {
        this(name, kind, typeName, size, lengthInBytes, scale, nullable, minimum, maximum, false);
    }

    /** Whether this is a single-precision floating-point column (MySQL FLOAT, PostgreSQL real). */
    public boolean singlePrecision() {
        return kind == ColumnKind.FLOAT && (typeName.equalsIgnoreCase("float") || typeName.equalsIgnoreCase("float4"));
    }
}
