package dev.tandem.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.JsonText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ColumnValuesTest {

    private static final Column BIGINT_UNSIGNED =
            MySqlDialect.INSTANCE.describe("n", java.sql.Types.BIGINT, "BIGINT UNSIGNED", 20, 0, false);
    private static final Column TINYINT =
            MySqlDialect.INSTANCE.describe("n", java.sql.Types.TINYINT, "TINYINT", 3, 0, true);
    private static final Column DECIMAL_10_2 =
            PostgresDialect.INSTANCE.describe("d", java.sql.Types.NUMERIC, "numeric", 10, 2, true);
    private static final Column VARCHAR_5 =
            PostgresDialect.INSTANCE.describe("v", java.sql.Types.VARCHAR, "varchar", 5, 0, true);
    private static final Column MYSQL_TEXT =
            MySqlDialect.INSTANCE.describe("t", java.sql.Types.LONGVARCHAR, "TINYTEXT", 8, 0, true);
    private static final Column DATETIME_3 =
            MySqlDialect.INSTANCE.describe("ts", java.sql.Types.TIMESTAMP, "DATETIME", 23, 0, true);
    private static final Column TIMESTAMPTZ =
            PostgresDialect.INSTANCE.describe("tz", java.sql.Types.TIMESTAMP, "timestamptz", 35, 6, true);
    private static final Column TIME_0 =
            PostgresDialect.INSTANCE.describe("tm", java.sql.Types.TIME, "time", 8, 0, true);
    private static final Column BOOL = PostgresDialect.INSTANCE.describe("b", java.sql.Types.BIT, "bool", 1, 0, false);
    private static final Column JSONB =
            PostgresDialect.INSTANCE.describe("j", java.sql.Types.OTHER, "jsonb", Integer.MAX_VALUE, 0, true);
    private static final Column PG_UUID =
            PostgresDialect.INSTANCE.describe("u", java.sql.Types.OTHER, "uuid", Integer.MAX_VALUE, 0, true);
    private static final Column BINARY_16 =
            MySqlDialect.INSTANCE.describe("b", java.sql.Types.BINARY, "BINARY", 16, 0, true);
    private static final Column MYSQL_DOUBLE =
            MySqlDialect.INSTANCE.describe("f", java.sql.Types.DOUBLE, "DOUBLE", 22, 0, true);
    private static final Column MYSQL_FLOAT =
            MySqlDialect.INSTANCE.describe("f", java.sql.Types.REAL, "FLOAT", 12, 0, true);
    private static final Column PG_FLOAT8 =
            PostgresDialect.INSTANCE.describe("f", java.sql.Types.DOUBLE, "float8", 17, 17, true);
    private static final Column PG_FLOAT4 =
            PostgresDialect.INSTANCE.describe("f", java.sql.Types.REAL, "float4", 8, 8, true);
    private static final Column YEAR = MySqlDialect.INSTANCE.describe("y", java.sql.Types.DATE, "YEAR", 4, 0, true);

    static Stream<Arguments> accepted() {
        UUID uuid = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        return Stream.of(
                Arguments.of(
                        BIGINT_UNSIGNED,
                        new BigInteger("18446744073709551615"),
                        new BigDecimal("18446744073709551615")),
                Arguments.of(BIGINT_UNSIGNED, 0L, 0L),
                Arguments.of(TINYINT, -128L, -128L),
                Arguments.of(DECIMAL_10_2, new BigDecimal("1.5"), new BigDecimal("1.50")),
                Arguments.of(DECIMAL_10_2, new BigDecimal("1.2300"), new BigDecimal("1.23")),
                Arguments.of(DECIMAL_10_2, 12345678L, new BigDecimal("12345678.00")),
                Arguments.of(VARCHAR_5, "👋👋👋👋👋", "👋👋👋👋👋"),
                Arguments.of(MYSQL_TEXT, "مرحب", "مرحب"),
                Arguments.of(VARCHAR_5, "", ""),
                Arguments.of(
                        DATETIME_3,
                        LocalDateTime.parse("2026-01-01T10:00:00.123999"),
                        LocalDateTime.parse("2026-01-01T10:00:00.123")),
                Arguments.of(
                        DATETIME_3,
                        OffsetDateTime.parse("2026-01-01T12:00:00.5+02:00"),
                        LocalDateTime.parse("2026-01-01T10:00:00.5")),
                Arguments.of(
                        TIMESTAMPTZ,
                        LocalDateTime.parse("2026-01-01T10:00:00"),
                        OffsetDateTime.parse("2026-01-01T10:00:00Z")),
                Arguments.of(
                        TIMESTAMPTZ,
                        OffsetDateTime.parse("2026-01-01T10:00:00.0000019+01:00"),
                        OffsetDateTime.parse("2026-01-01T10:00:00.000001+01:00")),
                Arguments.of(TIME_0, LocalTime.parse("23:59:59.999"), LocalTime.parse("23:59:59")),
                Arguments.of(BOOL, true, true),
                Arguments.of(PG_FLOAT8, Double.NaN, Double.NaN),
                Arguments.of(PG_FLOAT8, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
                Arguments.of(PG_FLOAT4, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY),
                Arguments.of(PG_FLOAT4, 3.0e38, 3.0e38),
                Arguments.of(MYSQL_DOUBLE, Double.MAX_VALUE, Double.MAX_VALUE),
                Arguments.of(MYSQL_DOUBLE, 1L << 53, (double) (1L << 53)),
                Arguments.of(JSONB, new JsonText("{\"a\":1}"), "{\"a\":1}"),
                Arguments.of(PG_UUID, uuid.toString(), uuid),
                Arguments.of(BINARY_16, uuid, new byte[] {
                    0,
                    0x11,
                    0x22,
                    0x33,
                    0x44,
                    0x55,
                    0x66,
                    0x77,
                    (byte) 0x88,
                    (byte) 0x99,
                    (byte) 0xaa,
                    (byte) 0xbb,
                    (byte) 0xcc,
                    (byte) 0xdd,
                    (byte) 0xee,
                    (byte) 0xff
                }));
    }

    @ParameterizedTest(name = "{0} accepts {1}")
    @MethodSource("accepted")
    void valueThatFitsIsConvertedExactly(Column column, Object value, Object expected) {
        assertThat(ColumnValues.convert(column, value)).isEqualTo(expected);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(BIGINT_UNSIGNED, -1L, "outside BIGINT UNSIGNED range"),
                Arguments.of(BIGINT_UNSIGNED, new BigInteger("18446744073709551616"), "outside BIGINT UNSIGNED range"),
                Arguments.of(BIGINT_UNSIGNED, null, "is NOT NULL"),
                Arguments.of(TINYINT, 128L, "outside TINYINT range"),
                Arguments.of(TINYINT, "1", "expects a whole number but the value is a String"),
                Arguments.of(DECIMAL_10_2, new BigDecimal("1.005"), "more than 2 decimal places"),
                Arguments.of(DECIMAL_10_2, new BigDecimal("123456789"), "too large for numeric(10,2)"),
                Arguments.of(DECIMAL_10_2, 1.5d, "expects an exact number"),
                Arguments.of(VARCHAR_5, "👋👋👋👋👋👋", "text of 6 characters is longer than varchar allows (5)"),
                Arguments.of(MYSQL_TEXT, "مرحبا", "text of 10 bytes is longer than TINYTEXT allows (8)"),
                Arguments.of(BOOL, 2L, "expects a boolean"),
                Arguments.of(BOOL, 1L, "expects a boolean but the value is a Long"),
                Arguments.of(TINYINT, true, "expects a whole number but the value is a Boolean"),
                Arguments.of(BIGINT_UNSIGNED, false, "expects a whole number but the value is a Boolean"),
                Arguments.of(DECIMAL_10_2, true, "expects an exact number but the value is a Boolean"),
                Arguments.of(MYSQL_DOUBLE, true, "expects a floating-point number but the value is a Boolean"),
                Arguments.of(VARCHAR_5, true, "expects text but the value is a Boolean"),
                Arguments.of(MYSQL_DOUBLE, Double.NaN, "cannot hold NaN"),
                Arguments.of(MYSQL_DOUBLE, Double.POSITIVE_INFINITY, "cannot hold Infinity"),
                Arguments.of(MYSQL_FLOAT, Double.NEGATIVE_INFINITY, "cannot hold -Infinity"),
                Arguments.of(MYSQL_FLOAT, 1.0e39, "outside the single-precision range"),
                Arguments.of(PG_FLOAT4, -1.0e300, "outside the single-precision range"),
                Arguments.of(MYSQL_DOUBLE, (1L << 53) + 1, "expects a floating-point number"),
                Arguments.of(PG_UUID, "not-a-uuid", "is not a UUID"),
                Arguments.of(BINARY_16, new byte[17], "17 bytes is longer than BINARY allows (16)"),
                Arguments.of(YEAR, 2026L, "YEAR, which Tandem does not support"));
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("refused")
    void valueThatDoesNotFitIsRefusedWithTheReason(Column column, Object value, String reason) {
        assertThatThrownBy(() -> ColumnValues.convert(column, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
