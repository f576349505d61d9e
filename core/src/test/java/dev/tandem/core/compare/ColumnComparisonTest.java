package dev.tandem.core.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.JsonText;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.ColumnKind;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair of engine types the reconciler compares, with values that must and must not match. */
class ColumnComparisonTest {

    private static Column mysql(ColumnKind kind, String type, int scale) {
        return new Column("c", kind, type, 0, false, scale, true, null, null);
    }

    private static Column pg(ColumnKind kind, String type, int scale) {
        return new Column("c", kind, type, 0, false, scale, true, null, null);
    }

    private static final Column DATETIME6 = mysql(ColumnKind.TIMESTAMP, "DATETIME", 6);
    private static final Column DATETIME3 = mysql(ColumnKind.TIMESTAMP, "DATETIME", 3);
    private static final Column DATETIME0 = mysql(ColumnKind.TIMESTAMP, "DATETIME", 0);
    private static final Column PG_TIMESTAMP6 = pg(ColumnKind.TIMESTAMP, "timestamp", 6);
    private static final Column PG_TIMESTAMPTZ6 = pg(ColumnKind.TIMESTAMPTZ, "timestamptz", 6);
    private static final Column DECIMAL_10_2 = mysql(ColumnKind.DECIMAL, "DECIMAL", 2);
    private static final Column NUMERIC_12_4 = pg(ColumnKind.DECIMAL, "numeric", 4);
    private static final Column TINYINT1 = mysql(ColumnKind.BOOLEAN, "BIT", 0);
    private static final Column TINYINT = mysql(ColumnKind.INTEGER, "TINYINT", 0);
    private static final Column PG_BOOLEAN = pg(ColumnKind.BOOLEAN, "bool", 0);
    private static final Column CHAR10 = mysql(ColumnKind.TEXT, "CHAR", 0);
    private static final Column PG_BPCHAR10 = pg(ColumnKind.TEXT, "bpchar", 0);
    private static final Column VARCHAR = mysql(ColumnKind.TEXT, "VARCHAR", 0);
    private static final Column PG_TEXT = pg(ColumnKind.TEXT, "text", 0);
    private static final Column JSON = mysql(ColumnKind.JSON, "JSON", 0);
    private static final Column PG_JSONB = pg(ColumnKind.JSON, "jsonb", 0);
    private static final Column MARIADB_JSON = mysql(ColumnKind.TEXT, "LONGTEXT", 0);
    private static final Column CHAR36 = mysql(ColumnKind.TEXT, "CHAR", 0);
    private static final Column PG_UUID = pg(ColumnKind.UUID, "uuid", 0);
    private static final Column DOUBLE = mysql(ColumnKind.FLOAT, "DOUBLE", 0);
    private static final Column FLOAT = mysql(ColumnKind.FLOAT, "FLOAT", 0);
    private static final Column PG_FLOAT8 = pg(ColumnKind.FLOAT, "float8", 0);
    private static final Column BIGINT = mysql(ColumnKind.INTEGER, "BIGINT", 0);
    private static final Column PG_INT8 = pg(ColumnKind.INTEGER, "int8", 0);
    private static final Column VARBINARY = mysql(ColumnKind.BINARY, "VARBINARY", 0);
    private static final Column PG_BYTEA = pg(ColumnKind.BINARY, "bytea", 0);
    private static final Column TIME3 = mysql(ColumnKind.TIME, "TIME", 3);
    private static final Column PG_TIME6 = pg(ColumnKind.TIME, "time", 6);

    private static final LocalDateTime MICROS = LocalDateTime.of(2026, 11, 21, 10, 15, 30, 123_456_000);

    static Stream<Arguments> pairs() {
        return Stream.of(
                // what, primary column, secondary column, primary value, secondary value, equal?
                same("datetime(6) = timestamp(6)", DATETIME6, PG_TIMESTAMP6, MICROS, MICROS),
                differ("datetime(6) one microsecond off", DATETIME6, PG_TIMESTAMP6, MICROS, MICROS.plusNanos(1_000)),
                same(
                        "datetime(6) = timestamptz(6) at UTC",
                        DATETIME6,
                        PG_TIMESTAMPTZ6,
                        MICROS,
                        MICROS.atOffset(ZoneOffset.UTC)),
                same(
                        "timestamptz at another offset, same instant",
                        DATETIME6,
                        PG_TIMESTAMPTZ6,
                        MICROS,
                        MICROS.atOffset(ZoneOffset.UTC).withOffsetSameInstant(ZoneOffset.ofHours(3))),
                differ(
                        "timestamptz at another offset, same wall time",
                        DATETIME6,
                        PG_TIMESTAMPTZ6,
                        MICROS,
                        OffsetDateTime.of(MICROS, ZoneOffset.ofHours(3))),
                same(
                        "datetime(3) vs timestamp(6): compared at milliseconds",
                        DATETIME3,
                        PG_TIMESTAMP6,
                        MICROS.withNano(123_000_000),
                        MICROS),
                differ(
                        "datetime(3) vs timestamp(6): milliseconds differ",
                        DATETIME3,
                        PG_TIMESTAMP6,
                        MICROS.withNano(124_000_000),
                        MICROS),
                same(
                        "datetime(0) vs timestamp(6): compared at seconds",
                        DATETIME0,
                        PG_TIMESTAMP6,
                        MICROS.withNano(0),
                        MICROS),
                same(
                        "time(3) vs time(6)",
                        TIME3,
                        PG_TIME6,
                        LocalTime.of(1, 2, 3, 456_000_000),
                        LocalTime.of(1, 2, 3, 456_789_000)),
                same(
                        "decimal scale 2 vs 4",
                        DECIMAL_10_2,
                        NUMERIC_12_4,
                        new BigDecimal("12.50"),
                        new BigDecimal("12.5000")),
                differ(
                        "decimal one cent off",
                        DECIMAL_10_2,
                        NUMERIC_12_4,
                        new BigDecimal("12.50"),
                        new BigDecimal("12.5100")),
                same(
                        "decimal zero at different scales",
                        DECIMAL_10_2,
                        NUMERIC_12_4,
                        new BigDecimal("0.00"),
                        new BigDecimal("0E-4")),
                same("tinyint(1) true vs boolean", TINYINT1, PG_BOOLEAN, true, true),
                differ("tinyint(1) false vs boolean true", TINYINT1, PG_BOOLEAN, false, true),
                same("tinyint as 1 vs boolean true", TINYINT, PG_BOOLEAN, 1L, true),
                differ("tinyint as 0 vs boolean true", TINYINT, PG_BOOLEAN, 0L, true),
                same("char(10) pads: trailing spaces ignored", CHAR10, PG_BPCHAR10, "abc", "abc       "),
                differ("varchar keeps trailing spaces", VARCHAR, PG_TEXT, "abc", "abc "),
                same("Arabic and emoji, exact", VARCHAR, PG_TEXT, "مرحبا 👋", "مرحبا 👋"),
                differ("no case folding", VARCHAR, PG_TEXT, "Straße", "STRASSE"),
                differ("no accent folding", VARCHAR, PG_TEXT, "résumé", "resume"),
                differ("NULL is not the empty string", VARCHAR, PG_TEXT, null, ""),
                differ("the empty string is not NULL", VARCHAR, PG_TEXT, "", null),
                differ("NULL is not zero", BIGINT, PG_INT8, null, 0L),
                same("NULL equals NULL", BIGINT, PG_INT8, null, null),
                same("bigint", BIGINT, PG_INT8, 9_007_199_254_740_993L, 9_007_199_254_740_993L),
                differ(
                        "bigint beyond double precision differs",
                        BIGINT,
                        PG_INT8,
                        9_007_199_254_740_993L,
                        9_007_199_254_740_992L),
                same(
                        "json vs jsonb: key order and spacing",
                        JSON,
                        PG_JSONB,
                        new JsonText("{\"b\": 1, \"a\": [true, null]}"),
                        new JsonText("{\"a\":[true,null],\"b\":1}")),
                same("json numbers by value", JSON, PG_JSONB, new JsonText("{\"n\": 1.0}"), new JsonText("{\"n\": 1}")),
                differ("json values differ", JSON, PG_JSONB, new JsonText("{\"a\": 1}"), new JsonText("{\"a\": 2}")),
                same(
                        "MariaDB JSON (LONGTEXT to its metadata) vs jsonb",
                        MARIADB_JSON,
                        PG_JSONB,
                        "{\"b\": 1, \"a\": 2}",
                        new JsonText("{\"a\":2,\"b\":1}")),
                differ(
                        "json strings are exact",
                        JSON,
                        PG_JSONB,
                        new JsonText("{\"a\": \"x\"}"),
                        new JsonText("{\"a\": \"X\"}")),
                same(
                        "uuid as char(36) vs uuid",
                        CHAR36,
                        PG_UUID,
                        "0193a1b2-0000-7000-8000-000000000001",
                        UUID.fromString("0193a1b2-0000-7000-8000-000000000001")),
                same("double exact", DOUBLE, PG_FLOAT8, 0.1 + 0.2, 0.1 + 0.2),
                differ("double without tolerance", DOUBLE, PG_FLOAT8, 0.3, 0.1 + 0.2),
                same(
                        "MySQL FLOAT (single) vs float8 compared at single precision",
                        FLOAT,
                        PG_FLOAT8,
                        (double) 0.1f,
                        0.1),
                same("binary", VARBINARY, PG_BYTEA, new byte[] {0, (byte) 0xff}, new byte[] {0, (byte) 0xff}),
                differ("binary one byte off", VARBINARY, PG_BYTEA, new byte[] {0, (byte) 0xff}, new byte[] {
                    0, (byte) 0xfe
                }));
    }

    private static Arguments same(String what, Column primary, Column secondary, Object a, Object b) {
        return Arguments.of(what, primary, secondary, a, b, true);
    }

    private static Arguments differ(String what, Column primary, Column secondary, Object a, Object b) {
        return Arguments.of(what, primary, secondary, a, b, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void valuesCompareAsTheRulesSay(String what, Column primary, Column secondary, Object a, Object b, boolean equal) {
        ColumnComparison comparison = new ColumnComparison("c", primary, secondary, ColumnOptions.DEFAULT);

        assertThat(comparison.equal(a, b)).as(what).isEqualTo(equal);
        assertThat(comparison.equal(a, a)).as(what + ", primary against itself").isTrue();
    }

    @ParameterizedTest(name = "tolerance {0}")
    @MethodSource("tolerances")
    void floatToleranceIsAbsolute(double tolerance, double a, double b, boolean equal) {
        ColumnComparison comparison = new ColumnComparison("c", DOUBLE, PG_FLOAT8, new ColumnOptions(tolerance, false));

        assertThat(comparison.equal(a, b)).isEqualTo(equal);
    }

    static Stream<Arguments> tolerances() {
        return Stream.of(
                Arguments.of(1e-9, 0.3, 0.1 + 0.2, true),
                Arguments.of(1e-9, 0.3, 0.30001, false),
                Arguments.of(0.001, 10.0, 10.0009, true),
                Arguments.of(0.001, 10.0, 10.0011, false));
    }
}
