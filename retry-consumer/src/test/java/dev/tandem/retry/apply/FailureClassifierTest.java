package dev.tandem.retry.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.dualwrite.InvalidMutationException;
import dev.tandem.dualwrite.Mutation;
import dev.tandem.dualwrite.SecondaryApplyException;
import dev.tandem.dualwrite.kafka.MutationCodec;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureClassifierTest {

    private static SecondaryApplyException secondary(String sqlState) {
        return new SecondaryApplyException("apply failed", new SQLException("boom", sqlState));
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
        return Stream.of(
                Arguments.of("connection refused (08001)", secondary("08001"), null),
                Arguments.of("connection lost (08S01)", secondary("08S01"), null),
                Arguments.of("deadlock (40001)", secondary("40001"), null),
                Arguments.of("PostgreSQL deadlock (40P01)", secondary("40P01"), null),
                Arguments.of("PostgreSQL statement timeout (57014)", secondary("57014"), null),
                Arguments.of("PostgreSQL too many connections (53300)", secondary("53300"), null),
                Arguments.of("Connector/J query interrupted (70100)", secondary("70100"), null),
                Arguments.of(
                        "transaction rollback exception",
                        new SecondaryApplyException(
                                "x", new SQLTransactionRollbackException("Lock wait timeout exceeded", "HY000", 1205)),
                        null),
                Arguments.of("no SQLState at all", secondary(null), null),
                Arguments.of("unknown error", new IllegalStateException("who knows"), null),
                Arguments.of("unique violation (23505)", secondary("23505"), DeadLetterReason.REJECTED_BY_SECONDARY),
                Arguments.of("MySQL integrity (23000)", secondary("23000"), DeadLetterReason.REJECTED_BY_SECONDARY),
                Arguments.of("data too long (22001)", secondary("22001"), DeadLetterReason.REJECTED_BY_SECONDARY),
                Arguments.of("undefined column (42703)", secondary("42703"), DeadLetterReason.REJECTED_BY_SECONDARY),
                Arguments.of(
                        "mutation does not fit",
                        new InvalidMutationException(m, "c", "no such column"),
                        DeadLetterReason.SCHEMA_MISMATCH),
                Arguments.of("not JSON", decodingFailure("{oops"), DeadLetterReason.UNDECODABLE),
                Arguments.of(
                        "unknown schema version",
                        decodingFailure(future),
                        DeadLetterReason.UNSUPPORTED_SCHEMA_VERSION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failureIsClassified(String what, Throwable failure, DeadLetterReason expected) {
        assertThat(FailureClassifier.permanentReason(failure)).isEqualTo(Optional.ofNullable(expected));
    }
}
