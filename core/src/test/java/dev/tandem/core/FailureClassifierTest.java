package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.codec.MutationCodec;
import java.nio.charset.StandardCharsets;
import java.sql.DataTruncation;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The failures as the drivers raise them (SQLState, vendor code, exception type): PgJDBC on
 * PostgreSQL reports no vendor code, MySQL Connector/J reports MySQL's and MariaDB's error numbers.
 */
class FailureClassifierTest {

    private static SecondaryApplyException secondary(String sqlState) {
        return secondary(new SQLException("boom", sqlState));
    }

    private static SecondaryApplyException mysql(String sqlState, int errorCode) {
        return secondary(new SQLException("boom", sqlState, errorCode));
    }

    private static SecondaryApplyException secondary(SQLException cause) {
        return new SecondaryApplyException("apply failed", cause);
    }

    private static Throwable decodingFailure(String payload) {
        try {
            MutationCodec.decode(payload.getBytes(StandardCharsets.UTF_8));
            throw new AssertionError("decoded " + payload);
        } catch (RuntimeException e) {
            return e;
        }
    }

    static Stream<Arguments> failures() {
        Mutation m = Mutation.upsert("t").key("id", 1).build();
        String future =
                new String(MutationCodec.encode(m), StandardCharsets.UTF_8).replace("\"schema\":1", "\"schema\":9");
        FailureClass transientFailure = FailureClass.TRANSIENT;
        FailureClass rejected = FailureClass.REJECTED_BY_SECONDARY;
        return Stream.of(
                Arguments.of("connection refused (08001)", secondary("08001"), transientFailure),
                Arguments.of("connection lost (08S01)", secondary("08S01"), transientFailure),
                Arguments.of("deadlock (40001)", secondary("40001"), transientFailure),
                Arguments.of("PostgreSQL deadlock (40P01)", secondary("40P01"), transientFailure),
                Arguments.of("PostgreSQL statement timeout (57014)", secondary("57014"), transientFailure),
                Arguments.of("PostgreSQL too many connections (53300)", secondary("53300"), transientFailure),
                Arguments.of("PostgreSQL read-only transaction (25006)", secondary("25006"), transientFailure),
                Arguments.of("Connector/J query interrupted (70100)", secondary("70100"), transientFailure),
                Arguments.of(
                        "transaction rollback exception",
                        secondary(new SQLTransactionRollbackException("Lock wait timeout exceeded", "HY000", 1205)),
                        transientFailure),
                Arguments.of("MySQL read-only server (HY000, 1290)", mysql("HY000", 1290), transientFailure),
                Arguments.of("no SQLState at all", secondary((String) null), transientFailure),
                Arguments.of("unknown error", new IllegalStateException("who knows"), transientFailure),
                // Privileges: an operator restores the GRANT, the writes wait for it.
                Arguments.of("PostgreSQL insufficient privilege (42501)", secondary("42501"), transientFailure),
                Arguments.of("PostgreSQL invalid password (28P01)", secondary("28P01"), transientFailure),
                Arguments.of(
                        "MySQL table access denied (42000, 1142)",
                        secondary(new SQLSyntaxErrorException("INSERT command denied", "42000", 1142)),
                        transientFailure),
                Arguments.of("MySQL column access denied (42000, 1143)", mysql("42000", 1143), transientFailure),
                Arguments.of("MySQL database access denied (42000, 1044)", mysql("42000", 1044), transientFailure),
                Arguments.of("MySQL access denied for user (28000, 1045)", mysql("28000", 1045), transientFailure),
                Arguments.of("MySQL SUPER privilege needed (42000, 1227)", mysql("42000", 1227), transientFailure),
                // Data errors: this row can never be written as it is.
                Arguments.of("unique violation (23505)", secondary("23505"), rejected),
                Arguments.of("MySQL integrity (23000)", secondary("23000"), rejected),
                Arguments.of("PostgreSQL check violation (23514)", secondary("23514"), rejected),
                Arguments.of("data too long (22001)", secondary("22001"), rejected),
                Arguments.of("PostgreSQL numeric out of range (22003)", secondary("22003"), rejected),
                Arguments.of("PostgreSQL invalid text representation (22P02)", secondary("22P02"), rejected),
                Arguments.of("PostgreSQL NUL byte in text (22021)", secondary("22021"), rejected),
                Arguments.of("cardinality violation (21000)", secondary("21000"), rejected),
                Arguments.of("undefined column (42703)", secondary("42703"), rejected),
                Arguments.of("MySQL unknown column (42S22, 1054)", mysql("42S22", 1054), rejected),
                Arguments.of("Connector/J NaN for a DOUBLE (S1009)", secondary("S1009"), rejected),
                Arguments.of("MySQL missing NOT NULL value (HY000, 1364)", mysql("HY000", 1364), rejected),
                Arguments.of("MySQL incorrect integer value (HY000, 1366)", mysql("HY000", 1366), rejected),
                Arguments.of("MariaDB incorrect integer value (22007, 1366)", mysql("22007", 1366), rejected),
                Arguments.of("MySQL value not in the ENUM (01000, 1265)", mysql("01000", 1265), rejected),
                Arguments.of("MySQL 8 check constraint (HY000, 3819)", mysql("HY000", 3819), rejected),
                Arguments.of("MariaDB check constraint (23000, 4025)", mysql("23000", 4025), rejected),
                Arguments.of("MySQL wrong value for type (HY000, 1411)", mysql("HY000", 1411), rejected),
                Arguments.of("MySQL invalid character string (HY000, 1300)", mysql("HY000", 1300), rejected),
                Arguments.of(
                        "Connector/J data truncation", secondary(new DataTruncation(1, true, false, 20, 10)), rejected),
                Arguments.of(
                        "integrity constraint exception without state",
                        secondary(new SQLIntegrityConstraintViolationException("duplicate")),
                        rejected),
                Arguments.of(
                        "mutation does not fit",
                        new InvalidMutationException(m, "c", "no such column"),
                        FailureClass.INVALID_MUTATION),
                Arguments.of("not JSON", decodingFailure("{oops"), FailureClass.UNDECODABLE),
                Arguments.of(
                        "unknown schema version", decodingFailure(future), FailureClass.UNSUPPORTED_SCHEMA_VERSION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failureIsClassified(String what, Throwable failure, FailureClass expected) {
        assertThat(FailureClassifier.classify(failure)).isEqualTo(expected);
        assertThat(FailureClassifier.isPermanent(failure)).isEqualTo(expected != FailureClass.TRANSIENT);
    }
}
