package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tandem.testkit.EmbeddedDatabase.Engine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values a column cannot hold, and rows the secondary refuses, as the real drivers report them
 * (Connector/J on MariaDB, PgJDBC on PostgreSQL): refused for good, never retried forever.
 */
class DataErrorsIT {

    static Stream<Arguments> nonFinite() {
        return Stream.of(Engine.values())
                .flatMap(engine -> Stream.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                        .map(value -> Arguments.of(engine, value)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("nonFinite")
    void nonFiniteDoubleIsRefusedNamingTheColumnWhereTheColumnCannotHoldItAndStoredWhereItCan(
            Engine engine, double value) {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE measures (id BIGINT PRIMARY KEY, reading DOUBLE PRECISION, ratio REAL)");
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        Mutation reading = Mutation.upsert("measures")
                .key("id", 1)
                .version(1)
                .column("reading", value)
                .build();

        if (db.isMariaDb()) {
            assertThatThrownBy(() -> store.apply(reading))
                    .isInstanceOf(InvalidMutationException.class)
                    .hasMessageContaining("table 'measures'")
                    .hasMessageContaining("column 'reading'")
                    .hasMessageContaining("cannot hold " + value);
            assertThat(db.count("measures")).isZero();
            assertThat(db.count("tandem_fence")).isZero();
        } else {
            assertThat(store.apply(reading)).isEqualTo(ApplyOutcome.APPLIED);
            assertThat(db.rows("measures").get("1")).containsEntry("reading", value);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void doubleBeyondTheSinglePrecisionRangeIsRefusedForARealColumn(Engine engine) {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE measures (id BIGINT PRIMARY KEY, reading DOUBLE PRECISION, ratio "
                + (engine == Engine.MARIADB ? "FLOAT" : "REAL") + ")");
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        assertThatThrownBy(() -> store.apply(Mutation.upsert("measures")
                        .key("id", 1)
                        .version(1)
                        .column("ratio", 1.0e300)
                        .column("reading", 1.0e300)
                        .build()))
                .isInstanceOf(InvalidMutationException.class)
                .hasMessageContaining("column 'ratio'")
                .hasMessageContaining("outside the single-precision range");
        assertThat(db.count("measures")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void booleanIntoAnIntegerColumnIsRefusedLikeAnyOtherWrongType(Engine engine) {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE flags (id BIGINT PRIMARY KEY, level INT, active BOOLEAN)");
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        assertThatThrownBy(() -> store.apply(Mutation.upsert("flags")
                        .key("id", 1)
                        .version(1)
                        .column("level", true)
                        .build()))
                .isInstanceOf(InvalidMutationException.class)
                .hasMessageContaining("table 'flags'")
                .hasMessageContaining("column 'level'")
                .hasMessageContaining("expects a whole number but the value is a Boolean");
        assertThatThrownBy(() -> store.apply(Mutation.upsert("flags")
                        .key("id", 2)
                        .version(1)
                        .column("active", 1L)
                        .build()))
                .isInstanceOf(InvalidMutationException.class)
                .hasMessageContaining("column 'active'")
                .hasMessageContaining("expects a boolean but the value is a Long");
        assertThat(db.count("flags")).isZero();
        assertThat(store.apply(Mutation.upsert("flags")
                        .key("id", 3)
                        .version(1)
                        .column("level", 1L)
                        .column("active", true)
                        .build()))
                .isEqualTo(ApplyOutcome.APPLIED);
    }

    static Stream<Arguments> refusedRows() {
        return Stream.of(Engine.values()).flatMap(engine -> Stream.of(
                        Arguments.of(engine, "a unique key another row holds", upsert(2, "taken", 1, "x")),
                        Arguments.of(engine, "a CHECK constraint", upsert(2, "free", -1, "x")),
                        Arguments.of(
                                engine,
                                "a new row without its NOT NULL column",
                                Mutation.upsert("orders")
                                        .key("id", 2)
                                        .version(1)
                                        .column("code", "free")
                                        .column("state", "open")
                                        .build()),
                        Arguments.of(engine, "a value the ENUM does not list", upsert(2, "free", 1, "bogus")))
                .filter(a ->
                        a.get()[0] == Engine.MARIADB || !a.get()[1].toString().contains("ENUM")));
    }

    private static Mutation upsert(long id, String code, long level, String state) {
        return Mutation.upsert("orders")
                .key("id", id)
                .version(1)
                .column("code", code)
                .column("level", level)
                .column("state", state)
                .build();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedRows")
    void rowTheSecondaryRefusesIsAPermanentFailure(Engine engine, String what, Mutation row) {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, code VARCHAR(10) NOT NULL UNIQUE,"
                + " level INT NOT NULL CHECK (level >= 0), state "
                + (engine == Engine.MARIADB ? "ENUM('open', 'x', 'closed')" : "VARCHAR(10)") + " NOT NULL)");
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert(1, "taken", 1, "open"));

        Throwable failure = catchThrowable(() -> store.apply(row));

        assertThat(failure).isInstanceOf(SecondaryApplyException.class);
        assertThat(FailureClassifier.classify(failure))
                .as("%s: %s", what, failure.getMessage())
                .isEqualTo(FailureClass.REJECTED_BY_SECONDARY);
        assertThat(db.count("orders")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void nonFiniteDoubleBoundThroughTheDriverIsAPermanentFailureWhereTheColumnCannotHoldIt(Engine engine)
            throws SQLException {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE measures (id BIGINT PRIMARY KEY, reading DOUBLE PRECISION)");
        try (Connection c = db.dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO measures (id, reading) VALUES (1, ?)")) {
            Throwable failure = catchThrowable(() -> {
                insert.setDouble(1, Double.NaN);
                insert.executeUpdate();
            });

            if (db.isMariaDb()) {
                // Connector/J refuses the value itself: SQLState S1009, which used to be retried forever.
                assertThat(failure).isInstanceOf(SQLException.class);
                assertThat(((SQLException) failure).getSQLState()).isEqualTo("S1009");
                assertThat(FailureClassifier.classify(failure)).isEqualTo(FailureClass.REJECTED_BY_SECONDARY);
            } else {
                assertThat(failure).isNull();
            }
        }
    }
}
