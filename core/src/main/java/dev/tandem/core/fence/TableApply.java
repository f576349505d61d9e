package dev.tandem.core.fence;

import dev.tandem.core.ApplyOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One table's part of a batch, applied in the phases every applier runs in the same order, so that
 * concurrent appliers take their locks in one order: first every part {@link #lock locks} (and judges)
 * its rows' fence state, table by table in name order; then every part {@link #write writes} its
 * winners; then every part {@link #finish finishes} (advances the fence where the lock did not).
 */
interface TableApply {

    /** Locks the fence state of this part's rows and judges them, recording every member's outcome. */
    void lock(Connection connection, Map<ResolvedMutation, ApplyOutcome> outcomes) throws SQLException;

    /** Writes the winners to the target table, each under its row's fence lock. */
    void write(Connection connection, Map<ResolvedMutation, ApplyOutcome> outcomes) throws SQLException;

    /** What is left after every part has written: by default nothing. */
    default void finish(Connection connection) throws SQLException {}

    /** The outcome of each member of {@code row}, given its winner's. */
    static void record(RowGroup row, ApplyOutcome winnerOutcome, Map<ResolvedMutation, ApplyOutcome> outcomes) {
        for (ResolvedMutation member : row.members()) {
            // Within a batch, a row's older mutations lose to its newest, which alone is written.
            outcomes.put(
                    member,
                    member == row.winner()
                            ? winnerOutcome
                            : member.state().compareTo(row.winner().state()) == 0 && winnerOutcome != ApplyOutcome.STALE
                                    ? ApplyOutcome.DUPLICATE
                                    : ApplyOutcome.STALE);
        }
    }

    /** Whether any member of {@code rows} is a repair, which only the rule in Java judges. */
    static boolean anyRepair(List<ResolvedMutation> rows) {
        for (ResolvedMutation m : rows) {
            if (m.mutation().repair()) {
                return true;
            }
        }
        return false;
    }
}
