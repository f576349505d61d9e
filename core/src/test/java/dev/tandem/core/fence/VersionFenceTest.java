package dev.tandem.core.fence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.Mutation;
import org.junit.jupiter.api.Test;

class VersionFenceTest {

    private static Mutation upsert(long version) {
        return Mutation.upsert("t").key("id", 1).version(version).build();
    }

    private static Mutation delete(long version) {
        return Mutation.delete("t").key("id", 1).version(version).build();
    }

    @Test
    void anyMutationBeatsARowNeverApplied() {
        assertThat(VersionFence.judge(FenceState.NEVER_APPLIED, upsert(0))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(VersionFence.judge(FenceState.NEVER_APPLIED, delete(0))).isEqualTo(ApplyOutcome.APPLIED);
    }

    @Test
    void newerVersionIsAppliedOlderIsStaleSameIsDuplicate() {
        FenceState stored = new FenceState(5, false);

        assertThat(VersionFence.judge(stored, upsert(6))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(VersionFence.judge(stored, upsert(4))).isEqualTo(ApplyOutcome.STALE);
        assertThat(VersionFence.judge(stored, upsert(5))).isEqualTo(ApplyOutcome.DUPLICATE);
    }

    @Test
    void deleteAtTheVersionOfTheLastUpdateWinsOverIt() {
        assertThat(VersionFence.judge(new FenceState(5, false), delete(5))).isEqualTo(ApplyOutcome.APPLIED);
    }

    @Test
    void tombstoneStopsALateUpsertOfTheSameOrOlderVersion() {
        FenceState tombstone = new FenceState(5, true);

        assertThat(VersionFence.judge(tombstone, upsert(5))).isEqualTo(ApplyOutcome.STALE);
        assertThat(VersionFence.judge(tombstone, upsert(3))).isEqualTo(ApplyOutcome.STALE);
        assertThat(VersionFence.judge(tombstone, delete(5))).isEqualTo(ApplyOutcome.DUPLICATE);
        assertThat(VersionFence.judge(tombstone, upsert(6))).isEqualTo(ApplyOutcome.APPLIED);
    }

    @Test
    void repairRewritesTheRowAtAnEqualVersionButNeverBeatsANewerWrite() {
        Mutation repair =
                Mutation.upsert("t").key("id", 1).version(5).repair(true).build();
        Mutation repairDelete =
                Mutation.delete("t").key("id", 1).version(5).repair(true).build();

        assertThat(VersionFence.judge(new FenceState(5, false), repair)).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(VersionFence.judge(new FenceState(5, true), repairDelete)).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(VersionFence.judge(new FenceState(4, false), repair)).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(VersionFence.judge(FenceState.NEVER_APPLIED, repair)).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(VersionFence.judge(new FenceState(6, false), repair)).isEqualTo(ApplyOutcome.STALE);
    }

    @Test
    void repairUpsertNeverBringsBackARowDeletedAtItsVersion() {
        Mutation repair =
                Mutation.upsert("t").key("id", 1).version(5).repair(true).build();

        assertThat(VersionFence.judge(new FenceState(5, true), repair)).isEqualTo(ApplyOutcome.STALE);
        assertThat(VersionFence.judge(new FenceState(4, true), repair)).isEqualTo(ApplyOutcome.APPLIED);
    }

    @Test
    void repairDeleteRemovesAnExtraRowAtTheTombstonesOrTheLastUpsertsVersion() {
        Mutation repairDelete =
                Mutation.delete("t").key("id", 1).version(5).repair(true).build();

        assertThat(VersionFence.judge(new FenceState(5, true), repairDelete)).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(VersionFence.judge(new FenceState(5, false), repairDelete)).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(VersionFence.judge(new FenceState(6, true), repairDelete)).isEqualTo(ApplyOutcome.STALE);
    }
}
