package dev.tandem.core.fence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

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
        List<ResolvedMutation> sorted = new ArrayList<>(mutations);
        // Stable: the members of a row keep their order in the batch.
        sorted.sort((a, b) -> Arrays.compareUnsigned(a.keyHash(), b.keyHash()));
        List<RowGroup> groups = new ArrayList<>(sorted.size());
        int from = 0;
        while (from < sorted.size()) {
            byte[] keyHash = sorted.get(from).keyHash();
            int to = from + 1;
            while (to < sorted.size() && Arrays.equals(sorted.get(to).keyHash(), keyHash)) {
                to++;
            }
            List<ResolvedMutation> members =
                    to == from + 1 ? List.of(sorted.get(from)) : List.copyOf(sorted.subList(from, to));
            ResolvedMutation winner = members.get(0);
            for (ResolvedMutation m : members) {
                if (m.state().compareTo(winner.state()) > 0) {
                    winner = m;
                }
            }
            groups.add(new RowGroup(keyHash, winner, members));
            from = to;
        }
        return groups;
    }
}
