package dev.tandem.retry.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.InvalidMutationException;
import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryApplyException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;

/** The consumer dead-letters exactly what the shared classifier calls permanent. */
class DeadLetterReasonTest {

    @Test
    void privilegeErrorsAreRetriedNotDeadLettered() {
        assertThat(DeadLetterReason.of(
                        new SecondaryApplyException("x", new SQLException("permission denied", "42501"))))
                .isEmpty();
        assertThat(DeadLetterReason.of(new SecondaryApplyException(
                        "x", new SQLSyntaxErrorException("INSERT command denied", "42000", 1142))))
                .isEmpty();
    }

    @Test
    void deadlocksAreRetriedNotDeadLettered() {
        // As Connector/J raises InnoDB's deadlock (1213) and pgjdbc PostgreSQL's.
        assertThat(DeadLetterReason.of(new SecondaryApplyException(
                        "x",
                        new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213))))
                .isEmpty();
        assertThat(DeadLetterReason.of(
                        new SecondaryApplyException("x", new SQLException("deadlock detected", "40P01"))))
                .isEmpty();
    }

    @Test
    void permanentFailuresKeepTheirDeadLetterReasons() {
        Mutation m = Mutation.upsert("t").key("id", 1).build();
        assertThat(DeadLetterReason.of(new InvalidMutationException(m, "c", "cannot hold NaN")))
                .contains(DeadLetterReason.SCHEMA_MISMATCH);
        assertThat(DeadLetterReason.of(new SecondaryApplyException("x", new SQLException("no default", "HY000", 1364))))
                .contains(DeadLetterReason.REJECTED_BY_SECONDARY);
        assertThat(DeadLetterReason.of(new SecondaryApplyException("x", new SQLException("bad", "S1009"))))
                .contains(DeadLetterReason.REJECTED_BY_SECONDARY);
    }
}
