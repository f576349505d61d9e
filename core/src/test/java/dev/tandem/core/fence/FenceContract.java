package dev.tandem.core.fence;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.Mutation;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fence's rule as cases every implementation of it must pass: the Java rule ({@link
 * VersionFence}, {@code VersionFenceTest}), the rule a dialect states in SQL ({@code
 * FenceSqlContractIT}) and the fenced store on each engine ({@code FenceContractIT}). Newer wins,
 * older loses, at an equal version a delete beats an upsert, a tombstone blocks resurrection; a repair
 * also wins at an equal state but never beats a newer write, nor brings back a row deleted at its
 * version.
 */
public final class FenceContract {

    private FenceContract() {}

    /** A stored version of -1: the fence has never seen the row. */
    public static final long NEVER_APPLIED = -1;

    /**
     * One case: the row's stored state, the incoming mutation, the outcome.
     *
     * @param name what the case shows
     * @param storedVersion the stored version, {@link #NEVER_APPLIED} for a row never applied
     * @param storedDeleted whether the stored state is a tombstone
     * @param delete whether the incoming mutation is a delete
     * @param version its version
     * @param repair whether it is a reconciler repair
     * @param expected what the fence must decide
     */
    public record Case(
            String name,
            long storedVersion,
            boolean storedDeleted,
            boolean delete,
            long version,
            boolean repair,
            ApplyOutcome expected) {

        /** The incoming mutation, on row {@code id} of table {@code table}. */
        public Mutation mutation(String table, long id) {
            Mutation.Builder builder = delete ? Mutation.delete(table) : Mutation.upsert(table);
            return builder.key("id", id).version(version).repair(repair).build();
        }

        /** Whether the fence has seen the row before. */
        public boolean stored() {
            return storedVersion != NEVER_APPLIED;
        }

        /** Whether the row exists after the mutation: the winning state is an upsert. */
        public boolean rowExistsAfter() {
            return expected == ApplyOutcome.APPLIED ? !delete : stored() && !storedDeleted;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** Every case of the rule. */
    public static Stream<Case> cases() {
        return Stream.concat(newerWins(), repairs());
    }

    /** The cases without repairs: the rule a one-statement SQL fence states ("newer wins"). */
    public static Stream<Case> newerWins() {
        return List.of(
                upsert("an upsert beats a row never applied", NEVER_APPLIED, false, 0, ApplyOutcome.APPLIED),
                delete("a delete beats a row never applied", NEVER_APPLIED, false, 0, ApplyOutcome.APPLIED),
                upsert("a newer upsert is applied", 5, false, 6, ApplyOutcome.APPLIED),
                upsert("an older upsert is stale", 5, false, 4, ApplyOutcome.STALE),
                upsert("the same upsert version again is a duplicate", 5, false, 5, ApplyOutcome.DUPLICATE),
                delete("a delete at the version of the last upsert wins over it", 5, false, 5, ApplyOutcome.APPLIED),
                delete("a newer delete is applied", 5, false, 6, ApplyOutcome.APPLIED),
                delete("an older delete is stale", 5, false, 4, ApplyOutcome.STALE),
                upsert("a tombstone stops a late upsert of its version", 5, true, 5, ApplyOutcome.STALE),
                upsert("a tombstone stops an older upsert", 5, true, 3, ApplyOutcome.STALE),
                delete("a delete at the tombstone's version is a duplicate", 5, true, 5, ApplyOutcome.DUPLICATE),
                upsert("an upsert newer than the tombstone is applied", 5, true, 6, ApplyOutcome.APPLIED))
                .stream();
    }

    /** The repair cases: a repair also wins at an equal state, never over a newer one. */
    public static Stream<Case> repairs() {
        return List.of(
                repair("a repair rewrites the row at an equal version", 5, false, false, 5, ApplyOutcome.APPLIED),
                repair(
                        "a repair delete removes a row at the tombstone's version",
                        5,
                        true,
                        true,
                        5,
                        ApplyOutcome.APPLIED),
                repair("a repair beats an older version", 4, false, false, 5, ApplyOutcome.APPLIED),
                repair("a repair beats a row never applied", NEVER_APPLIED, false, false, 5, ApplyOutcome.APPLIED),
                repair("a repair never beats a newer write", 6, false, false, 5, ApplyOutcome.STALE),
                repair(
                        "a repair upsert never brings back a row deleted at its version",
                        5,
                        true,
                        false,
                        5,
                        ApplyOutcome.STALE),
                repair("a repair upsert beats an older tombstone", 4, true, false, 5, ApplyOutcome.APPLIED),
                repair(
                        "a repair delete removes an extra row at the last upsert's version",
                        5,
                        false,
                        true,
                        5,
                        ApplyOutcome.APPLIED),
                repair("a repair delete never beats a newer tombstone", 6, true, true, 5, ApplyOutcome.STALE))
                .stream();
    }

    private static Case upsert(String name, long stored, boolean tombstone, long version, ApplyOutcome expected) {
        return new Case(name, stored, tombstone, false, version, false, expected);
    }

    private static Case delete(String name, long stored, boolean tombstone, long version, ApplyOutcome expected) {
        return new Case(name, stored, tombstone, true, version, false, expected);
    }

    private static Case repair(
            String name, long stored, boolean tombstone, boolean delete, long version, ApplyOutcome expected) {
        return new Case(name, stored, tombstone, delete, version, true, expected);
    }
}
