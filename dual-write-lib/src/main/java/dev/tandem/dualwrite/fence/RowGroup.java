package dev.tandem.dualwrite.fence;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutations of one batch that address the same row. Only the newest of them (the winner) can be
 * written; the others are judged against it.
 */
record RowGroup(byte[] keyHash, ResolvedMutation winner, List<ResolvedMutation> members) {

    /**
     * The rows of {@code mutations} (all of one table), sorted by key hash so that every transaction
     * locks fence rows in the same order.
     */
    static List<RowGroup> of(Collection<ResolvedMutation> mutations) {
        Map<ByteBuffer, List<ResolvedMutation>> byRow = new LinkedHashMap<>();
        for (ResolvedMutation m : mutations) {
            byRow.computeIfAbsent(ByteBuffer.wrap(m.keyHash()), k -> new ArrayList<>())
                    .add(m);
        }
        List<RowGroup> groups = new ArrayList<>();
        for (List<ResolvedMutation> members : byRow.values()) {
            ResolvedMutation winner = members.get(0);
            for (ResolvedMutation m : members) {
                if (m.state().compareTo(winner.state()) > 0) {
                    winner = m;
                }
            }
            groups.add(new RowGroup(winner.keyHash(), winner, List.copyOf(members)));
        }
        groups.sort((a, b) -> Arrays.compareUnsigned(a.keyHash, b.keyHash));
        return groups;
    }
}
