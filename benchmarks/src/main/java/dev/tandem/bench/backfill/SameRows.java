package dev.tandem.bench.backfill;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The benchmark's own check of a copy, whoever made it: the secondary's {@code big} holds exactly
 * the primary's rows, value for value (both read in key order and compared as typed values), so
 * that no figure is printed for a copy that lost or changed a row.
 */
final class SameRows {

    private static final String SELECT =
            "SELECT id, email, balance, created_at, active, note, version FROM big ORDER BY id";

    private SameRows() {}

    /** Throws, naming the first row that differs, unless both tables hold the same {@code rows} rows. */
    static void check(String copiedBy, DataSource primary, DataSource secondary, long rows) throws SQLException {
        try (Connection p = primary.getConnection();
                Connection s = secondary.getConnection()) {
            p.setAutoCommit(false);
            s.setAutoCommit(false);
            try (PreparedStatement ps =
                            p.prepareStatement(SELECT, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                    PreparedStatement ss = s.prepareStatement(SELECT)) {
                ps.setFetchSize(Integer.MIN_VALUE);
                ss.setFetchSize(10_000);
                try (ResultSet pr = ps.executeQuery();
                        ResultSet sr = ss.executeQuery()) {
                    long n = 0;
                    while (true) {
                        boolean morePrimary = pr.next();
                        boolean moreSecondary = sr.next();
                        if (!morePrimary || !moreSecondary) {
                            if (morePrimary || moreSecondary) {
                                throw new IllegalStateException(
                                        copiedBy + ": the " + (morePrimary ? "secondary" : "primary") + " ends after "
                                                + n + " rows, the other does not");
                            }
                            break;
                        }
                        n++;
                        String primaryRow = row(pr);
                        String secondaryRow = row(sr);
                        if (!primaryRow.equals(secondaryRow)) {
                            throw new IllegalStateException(copiedBy + ": row " + n + " differs: primary " + primaryRow
                                    + ", secondary " + secondaryRow);
                        }
                    }
                    if (n != rows) {
                        throw new IllegalStateException(copiedBy + ": both sides hold " + n + " rows, not " + rows);
                    }
                }
            } finally {
                p.rollback();
                s.rollback();
            }
        }
    }

    private static String row(ResultSet r) throws SQLException {
        BigDecimal balance = r.getBigDecimal(3);
        boolean active = r.getBoolean(5);
        Object activeText = r.wasNull() ? null : active;
        return r.getLong(1) + "|" + r.getString(2) + "|" + (balance == null ? null : balance.toPlainString()) + "|"
                + Objects.toString(r.getObject(4, LocalDateTime.class)) + "|" + activeText + "|" + r.getString(6)
                + "|" + r.getLong(7);
    }
}
