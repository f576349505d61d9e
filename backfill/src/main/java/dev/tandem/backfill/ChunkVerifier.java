package dev.tandem.backfill;

import dev.tandem.core.compare.CheckedDifference;
import dev.tandem.core.compare.Difference;
import dev.tandem.core.compare.KeyOrder;
import dev.tandem.core.compare.MergeJoin;
import dev.tandem.core.compare.Recheck;
import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.compare.Verdict;
import dev.tandem.core.source.JdbcRowLookup;
import dev.tandem.core.source.KeyRangeReader;
import dev.tandem.core.source.TablePairing;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;

/**
 * Verifies a copied chunk as the reconciler would: the chunk's key range is read from both stores,
 * the rows are merge-joined with the reconciler's column comparison (through the schema mapping), and
 * every difference is looked at again after the settle window, so a row a live write changed meanwhile
 * is in flight, not a failure. What is still different is confirmed.
 */
final class ChunkVerifier {

    /** The outcome: rows compared, differences found, and those confirmed. */
    record Verification(long rows, int found, List<CheckedDifference> confirmed) {

        boolean passed() {
            return confirmed.isEmpty();
        }
    }

    private static final Comparator<SourceRow> BY_KEY = (a, b) -> KeyOrder.INSTANCE.compare(a.key(), b.key());

    private final KeyRangeReader primary;
    private final KeyRangeReader secondary;
    private final MergeJoin join;
    private final Recheck recheck;

    ChunkVerifier(DataSource primary, DataSource secondary, TablePairing pairing, Duration settle) throws Exception {
        this.primary =
                KeyRangeReader.of(primary, pairing.spec().table(), pairing.primaryKey(), pairing.primaryColumns());
        this.secondary = KeyRangeReader.of(
                secondary, pairing.secondaryTable(), pairing.secondaryKey(), pairing.secondaryColumns());
        this.join = pairing.join(this.primary.columns(), this.secondary.columns());
        JdbcRowLookup primaryRows =
                new JdbcRowLookup(primary, pairing.spec().table(), pairing.primaryKey(), pairing.primaryColumns());
        JdbcRowLookup secondaryRows = new JdbcRowLookup(
                secondary, pairing.secondaryTable(), pairing.secondaryKey(), pairing.secondaryColumns());
        this.recheck = new Recheck(join, primaryRows::find, secondaryRows::find, settle);
    }

    Verification verify(Chunk chunk) throws Exception {
        // Each store pages in its own collation; sorted here into the one order the join needs. A row
        // the two collations put on different sides of a bound is found again by the re-check.
        // Both stores read at once: the secondary's rows on a helper thread.
        CompletableFuture<List<SourceRow>> secondaryRows = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return secondary.read(chunk.after(), chunk.upTo(), 0);
                    } catch (SQLException e) {
                        throw new CompletionException(e);
                    }
                },
                ChunkCopier.READ_AHEAD);
        List<SourceRow> p = new ArrayList<>(primary.read(chunk.after(), chunk.upTo(), 0));
        List<SourceRow> s;
        try {
            s = new ArrayList<>(secondaryRows.join());
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        p.sort(BY_KEY);
        s.sort(BY_KEY);
        List<Difference> found = new ArrayList<>();
        long rows = join.compare(p.iterator(), s.iterator(), found::add);
        if (found.isEmpty()) {
            return new Verification(rows, 0, List.of());
        }
        List<CheckedDifference> confirmed = recheck.check(found, System.nanoTime()).stream()
                .filter(d -> d.verdict() == Verdict.CONFIRMED)
                .toList();
        return new Verification(rows, found.size(), confirmed);
    }
}
