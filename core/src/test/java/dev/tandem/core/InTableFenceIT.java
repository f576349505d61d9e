package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the in-table fence refuses, naming what is wrong; its rules are {@code FenceContractIT}'s. */
class InTableFenceIT {

    @Test
    void anUpsertNamingTheVersionColumnWithAnotherValueIsRefused() {
        TestDatabase db = TestDatabase.fresh(Secondary.POSTGRESQL);
        db.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, version_seen BIGINT NOT NULL)");
        SecondaryStore store = ApplyPath.IN_TABLE.store(db.dataSource, "items");

        assertThatThrownBy(() -> store.apply(Mutation.upsert("items")
                        .key("id", 1)
                        .version(3)
                        .column("version_seen", 2)
                        .build()))
                .isInstanceOf(InvalidMutationException.class)
                .hasMessageContaining("version_seen")
                .hasMessageContaining("in-table fence");
        assertThat(db.count("items")).isZero();
    }

    @Test
    void aDeleteLeavesATombstoneThatStopsALateUpsertOfItsVersion() {
        TestDatabase db = TestDatabase.fresh(Secondary.POSTGRESQL);
        db.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, version_seen BIGINT NOT NULL)");
        SecondaryStore store = ApplyPath.IN_TABLE.store(db.dataSource, "items");

        assertThat(store.apply(Mutation.delete("items").key("id", 1).version(4).build()))
                .isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(Mutation.upsert("items").key("id", 1).version(4).build()))
                .isEqualTo(ApplyOutcome.STALE);

        assertThat(db.count("items")).isZero();
        assertThat(db.fence("items", "id=1")).hasValue("v4 deleted");
        assertThat(store.lastAppliedVersions(java.util.List.of(
                        Mutation.upsert("items").key("id", 1).version(9).build())))
                .containsExactly(4L);
    }

    @Test
    void theInTableFenceOnMariaDbIsRefusedNamingTheTables() {
        TestDatabase db = TestDatabase.fresh(Secondary.MARIADB);
        db.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, version_seen BIGINT NOT NULL)");
        SecondaryStore store = ApplyPath.IN_TABLE.store(db.dataSource, "items");

        assertThatThrownBy(() -> store.apply(
                        Mutation.upsert("items").key("id", 1).version(1).build()))
                .hasMessageContaining("in-table fence")
                .hasMessageContaining("items")
                .hasMessageContaining("PostgreSQL");
    }
}
