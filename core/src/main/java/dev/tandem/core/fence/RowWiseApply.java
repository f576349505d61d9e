package dev.tandem.core.fence;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.jdbc.Table;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A table's part of a batch against the fence table, row-wise: the fence rows locked (and, where the
 * engine can, advanced to the winners) by multi-row statements of bound rows, the winners written by
 * {@link RowWriter}.
 */
final class RowWiseApply implements TableApply {

    private final FenceTable fence;
    private final RowWriter writer;
    private final Table table;
    private final List<ResolvedMutation> batch;
    private List<RowGroup> applied = List.of();
    private boolean fenceAdvanced;

    RowWiseApply(FenceTable fence, RowWriter writer, Table table, List<ResolvedMutation> batch) {
        this.fence = fence;
        this.writer = writer;
        this.table = table;
        this.batch = batch;
    }

    @Override
    public void lock(Connection connection, Map<ResolvedMutation, ApplyOutcome> outcomes) throws SQLException {
        List<RowGroup> rows = RowGroup.of(batch);
        // The one-statement fence knows only "newer"; repairs (rare) take the lock-and-judge path.
        Optional<Set<ByteBuffer>> advanced =
                TableApply.anyRepair(batch) ? Optional.empty() : fence.advanceNewer(connection, table.name(), rows);
        if (advanced.isPresent()) {
            // The fence is already written for the winners, and every row is locked.
            List<RowGroup> winners = new ArrayList<>(rows.size());
            List<RowGroup> losers = new ArrayList<>();
            for (RowGroup row : rows) {
                (advanced.get().contains(ByteBuffer.wrap(row.keyHash())) ? winners : losers).add(row);
            }
            Map<ByteBuffer, FenceState> stored =
                    losers.isEmpty() ? Map.of() : fence.states(connection, table.name(), losers);
            winners.forEach(row -> TableApply.record(row, ApplyOutcome.APPLIED, outcomes));
            losers.forEach(row ->
                    TableApply.record(row, loserOutcome(stored.get(ByteBuffer.wrap(row.keyHash())), row), outcomes));
            applied = winners;
            fenceAdvanced = true;
            return;
        }
        Map<ByteBuffer, FenceState> stored = fence.lock(connection, table.name(), rows);
        List<RowGroup> winners = new ArrayList<>();
        for (RowGroup row : rows) {
            FenceState state = stored.getOrDefault(ByteBuffer.wrap(row.keyHash()), FenceState.NEVER_APPLIED);
            ApplyOutcome winnerOutcome = VersionFence.judge(state, row.winner().mutation());
            if (winnerOutcome == ApplyOutcome.APPLIED) {
                winners.add(row);
            }
            TableApply.record(row, winnerOutcome, outcomes);
        }
        applied = winners;
    }

    @Override
    public void write(Connection connection, Map<ResolvedMutation, ApplyOutcome> outcomes) throws SQLException {
        writer.write(connection, table, applied.stream().map(RowGroup::winner).toList());
    }

    @Override
    public void finish(Connection connection) throws SQLException {
        if (!fenceAdvanced) {
            fence.advance(connection, table.name(), applied);
        }
    }

    /** A row the fence did not advance must hold a state at least as new as its winner's. */
    private static ApplyOutcome loserOutcome(FenceState stored, RowGroup row) {
        ApplyOutcome outcome =
                stored == null ? null : VersionFence.judge(stored, row.winner().mutation());
        if (outcome == null || outcome == ApplyOutcome.APPLIED) {
            throw new IllegalStateException("The fence neither advanced nor holds a newer state for "
                    + row.winner().mutation().describe() + " (stored: " + stored + ")");
        }
        return outcome;
    }
}
