package dev.tandem.core.fence;

import dev.tandem.core.Mutation;

/**
 * What the fence knows of a row: its last applied version and whether that write was a delete.
 * States are ordered by version, and at equal versions a delete is newer than an upsert: a JPA delete
 * carries the version of the last update, and must still win over it.
 */
record FenceState(long version, boolean deleted) implements Comparable<FenceState> {

    /** A row the fence has never seen: any mutation beats it. */
    static final FenceState NEVER_APPLIED = new FenceState(-1, false);

    static FenceState of(Mutation mutation) {
        return new FenceState(mutation.version(), mutation.isDelete());
    }

    @Override
    public int compareTo(FenceState other) {
        int byVersion = Long.compare(version, other.version);
        return byVersion != 0 ? byVersion : Boolean.compare(deleted, other.deleted);
    }
}
