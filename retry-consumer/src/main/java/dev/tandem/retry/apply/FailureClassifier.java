package dev.tandem.retry.apply;

import dev.tandem.dualwrite.InvalidMutationException;
import dev.tandem.dualwrite.kafka.MutationDecodingException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells failures worth retrying from poison. Transient: the connection (SQLState class 08), deadlocks
 * and serialization failures (40), lock and statement timeouts, too many connections, and anything
 * unknown — a record is never dead-lettered on a guess. Permanent: undecodable payloads, mutations
 * that do not fit the schema, integrity violations (23), data exceptions (22) and undefined objects
 * (42).
 */
public final class FailureClassifier {

    /** SQLStates outside the transient classes that still mean "try again later". */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "57014", // PostgreSQL: statement cancelled (statement timeout)
            "55P03", // PostgreSQL: lock not available
            "53300", // PostgreSQL: too many connections
            "57P01", // PostgreSQL: server shutting down
            "70100", // MySQL Connector/J: query interrupted (statement timeout)
            "HYT00", // timeout
            "HYT01"); // connection timeout

    private FailureClassifier() {}

    /** Empty if {@code failure} is transient; else why the record must be dead-lettered. */
    public static Optional<DeadLetterReason> permanentReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MutationDecodingException decoding) {
                return Optional.of(
                        decoding.reason() == MutationDecodingException.Reason.UNSUPPORTED_SCHEMA_VERSION
                                ? DeadLetterReason.UNSUPPORTED_SCHEMA_VERSION
                                : DeadLetterReason.UNDECODABLE);
            }
            if (t instanceof InvalidMutationException) {
                return Optional.of(DeadLetterReason.SCHEMA_MISMATCH);
            }
            if (t instanceof SQLException sql) {
                return classify(sql);
            }
        }
        return Optional.empty();
    }

    private static Optional<DeadLetterReason> classify(SQLException e) {
        String state = e.getSQLState();
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return Optional.empty();
        }
        if (state == null || state.length() < 2 || TRANSIENT_STATES.contains(state)) {
            return Optional.empty();
        }
        return switch (state.substring(0, 2)) {
            case "22", "23", "42", "44" -> Optional.of(DeadLetterReason.REJECTED_BY_SECONDARY);
            default -> Optional.empty();
        };
    }
}
