package dev.tandem.core;

import dev.tandem.core.codec.MutationDecodingException;
import java.sql.DataTruncation;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells failures worth retrying from poison, for the direct write path (whose circuit breaker counts
 * only transient failures) and the retry consumer (which dead-letters only permanent ones) alike.
 *
 * <p>Transient: the connection (SQLState class 08), authorization (28), deadlocks and serialization
 * failures (40), lock and statement timeouts, too many connections, missing privileges (PostgreSQL
 * 42501; MySQL/MariaDB report them as 42000 with vendor codes such as 1142 or 1044: an operator
 * fixes the GRANT and the writes go through), and anything unknown. Permanent: undecodable payloads,
 * mutations that do not fit the schema, and what the secondary refuses for this row's data —
 * cardinality (21), data exceptions (22), integrity constraints (23), undefined objects and syntax
 * (42), WITH CHECK OPTION (44), Connector/J's illegal argument (S1009, e.g. NaN for a DOUBLE), and
 * the MySQL/MariaDB data errors reported as HY000 or as a warning state in strict mode (a missing
 * value for a NOT NULL column, an incorrect value, a value an ENUM does not list …).
 */
public final class FailureClassifier {

    /** SQLStates outside the transient classes that still mean "try again later". */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "42501", // PostgreSQL: insufficient privilege
            "57014", // PostgreSQL: statement cancelled (statement timeout)
            "55P03", // PostgreSQL: lock not available
            "53300", // PostgreSQL: too many connections
            "57P01", // PostgreSQL: server shutting down
            "70100", // MySQL Connector/J: query interrupted (statement timeout)
            "HYT00", // timeout
            "HYT01"); // connection timeout

    /** MySQL/MariaDB error codes of missing privileges (SQLState 42000, 28000 or HY000). */
    private static final Set<Integer> MYSQL_PRIVILEGE_ERRORS = Set.of(
            1044, // ER_DBACCESS_DENIED_ERROR: access denied to database
            1045, // ER_ACCESS_DENIED_ERROR: access denied for user
            1142, // ER_TABLEACCESS_DENIED_ERROR: INSERT command denied for table
            1143, // ER_COLUMNACCESS_DENIED_ERROR: UPDATE command denied for column
            1227, // ER_SPECIFIC_ACCESS_DENIED_ERROR: you need the SUPER privilege
            1370, // ER_PROCACCESS_DENIED_ERROR: routine access denied
            1698, // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
            3118); // ER_ACCOUNT_HAS_BEEN_LOCKED

    /** MySQL/MariaDB error codes of a value the row cannot have, whatever SQLState the server gives them. */
    private static final Set<Integer> MYSQL_DATA_ERRORS = Set.of(
            1048, // ER_BAD_NULL_ERROR: column cannot be null
            1264, // ER_WARN_DATA_OUT_OF_RANGE: out of range value for column
            1265, // WARN_DATA_TRUNCATED (SQLState 01000): data truncated, e.g. a value an ENUM does not list
            1292, // ER_TRUNCATED_WRONG_VALUE: incorrect datetime value
            1300, // ER_INVALID_CHARACTER_STRING
            1364, // ER_NO_DEFAULT_FOR_FIELD (HY000): a NOT NULL column without default is missing
            1366, // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (HY000 on MySQL): incorrect integer/string value
            1367, // ER_ILLEGAL_VALUE_FOR_TYPE
            1406, // ER_DATA_TOO_LONG
            1411, // ER_WRONG_VALUE_FOR_TYPE (HY000)
            1690, // ER_DATA_OUT_OF_RANGE
            3140, // ER_INVALID_JSON_TEXT (MySQL)
            3819, // ER_CHECK_CONSTRAINT_VIOLATED (HY000 on MySQL 8)
            4025); // ER_CONSTRAINT_FAILED (MariaDB CHECK constraint)

    private FailureClassifier() {}

    /** The class of {@code failure}, judged by the first cause in its chain that tells. */
    public static FailureClass classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MutationDecodingException decoding) {
                return decoding.reason() == MutationDecodingException.Reason.UNSUPPORTED_SCHEMA_VERSION
                        ? FailureClass.UNSUPPORTED_SCHEMA_VERSION
                        : FailureClass.UNDECODABLE;
            }
            if (t instanceof InvalidMutationException) {
                return FailureClass.INVALID_MUTATION;
            }
            if (t instanceof SQLException sql) {
                return classify(sql);
            }
        }
        return FailureClass.TRANSIENT;
    }

    /** Whether retrying the write that failed with {@code failure} can never succeed. */
    public static boolean isPermanent(Throwable failure) {
        return classify(failure).isPermanent();
    }

    private static FailureClass classify(SQLException e) {
        String state = e.getSQLState();
        // Vendor codes first: MySQL reports privileges as 42000 (permanent by class), data errors as HY000.
        if (MYSQL_PRIVILEGE_ERRORS.contains(e.getErrorCode()) || (state != null && TRANSIENT_STATES.contains(state))) {
            return FailureClass.TRANSIENT;
        }
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return FailureClass.TRANSIENT;
        }
        if (MYSQL_DATA_ERRORS.contains(e.getErrorCode())
                || e instanceof SQLDataException
                || e instanceof DataTruncation
                || e instanceof SQLIntegrityConstraintViolationException
                || "S1009".equals(state)) {
            return FailureClass.REJECTED_BY_SECONDARY;
        }
        if (state == null || state.length() < 2) {
            return FailureClass.TRANSIENT;
        }
        return switch (state.substring(0, 2)) {
            case "21", "22", "23", "42", "44" -> FailureClass.REJECTED_BY_SECONDARY;
            default -> FailureClass.TRANSIENT;
        };
    }
}
