package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The version fence against a real secondary, in both directions (MariaDB and PostgreSQL as secondary). */
class FencedApplyIT {

    private static TestDatabase accounts(Secondary engine) {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(50) NOT NULL, balance DECIMAL(12,2))");
        return db;
    }

    private static Mutation upsert(long id, long version, String owner, String balance) {
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(version)
                .column("owner", owner)
                .column("balance", new BigDecimal(balance))
                .build();
    }

    private static Mutation delete(long id, long version) {
        return Mutation.delete("accounts").key("id", id).version(version).build();
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void upsertInsertsThenUpdatesTheRow(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        assertThat(store.apply(upsert(1, 0, "ana", "10.00"))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert(1, 1, "ana", "12.50"))).isEqualTo(ApplyOutcome.APPLIED);

        assertThat(db.rows("accounts").get("1"))
                .containsEntry("owner", "ana")
                .containsEntry("balance", new BigDecimal("12.50"));
        assertThat(db.fence("accounts", "id=1")).contains("v1");
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void staleVersionDoesNotOverwriteNewerRow(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert(1, 5, "ana", "50.00"));

        assertThat(store.apply(upsert(1, 4, "ana", "40.00"))).isEqualTo(ApplyOutcome.STALE);

        assertThat(db.rows("accounts").get("1")).containsEntry("balance", new BigDecimal("50.00"));
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void sameVersionAgainIsReportedDuplicateAndChangesNothing(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        Mutation write = upsert(1, 3, "ana", "30.00");
        store.apply(write);

        assertThat(store.apply(write)).isEqualTo(ApplyOutcome.DUPLICATE);
        assertThat(store.apply(upsert(1, 3, "mallory", "0.00"))).isEqualTo(ApplyOutcome.DUPLICATE);

        assertThat(db.rows("accounts").get("1")).containsEntry("owner", "ana");
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void repairRewritesARowThatDiffersAtTheSameVersionButNotANewerOne(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert(1, 3, "ana", "30.00"));
        store.apply(upsert(2, 4, "bob", "40.00"));
        db.execute("UPDATE accounts SET balance = 0 WHERE id = 1");
        db.execute("DELETE FROM accounts WHERE id = 2");
        Mutation repairOne = Mutation.upsert("accounts")
                .key("id", 1)
                .version(3)
                .column("owner", "ana")
                .column("balance", new BigDecimal("30.00"))
                .repair(true)
                .build();
        Mutation repairTwo = Mutation.upsert("accounts")
                .key("id", 2)
                .version(4)
                .column("owner", "bob")
                .column("balance", new BigDecimal("40.00"))
                .repair(true)
                .build();
        Mutation olderRepair = Mutation.upsert("accounts")
                .key("id", 2)
                .version(3)
                .column("owner", "eve")
                .column("balance", new BigDecimal("0.00"))
                .repair(true)
                .build();

        assertThat(store.applyAll(List.of(repairOne, repairTwo)))
                .extracting(ApplyResult::outcome)
                .containsExactly(ApplyOutcome.APPLIED, ApplyOutcome.APPLIED);
        assertThat(store.apply(olderRepair)).isEqualTo(ApplyOutcome.STALE);

        assertThat(db.rows("accounts").get("1")).containsEntry("balance", new BigDecimal("30.00"));
        assertThat(db.rows("accounts").get("2")).containsEntry("owner", "bob");
        assertThat(db.fence("accounts", "id=2")).contains("v4");
        assertThat(store.lastAppliedVersions(List.of(
                        olderRepair, Mutation.delete("accounts").key("id", 9).build())))
                .containsExactly(4L, -1L);
    }

    private static Mutation repair(Mutation.Builder builder) {
        return builder.repair(true).build();
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void repairUpsertAtTheTombstonesVersionDoesNotBringTheRowBack(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert(1, 4, "ana", "40.00"));
        store.apply(delete(1, 4));
        Mutation lateRepair = repair(Mutation.upsert("accounts")
                .key("id", 1)
                .version(4)
                .column("owner", "ana")
                .column("balance", new BigDecimal("40.00")));

        assertThat(store.apply(lateRepair)).isEqualTo(ApplyOutcome.STALE);

        assertThat(db.count("accounts")).isZero();
        assertThat(db.fence("accounts", "id=1")).contains("v4 deleted");
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void repairUpsertAtTheTombstonesVersionDoesNotBringTheRowBackInABatch(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.applyAll(List.of(upsert(1, 4, "ana", "40.00"), upsert(3, 1, "cy", "1.00")));
        store.applyAll(List.of(delete(1, 4), delete(3, 1)));
        Mutation lateRepair = repair(Mutation.upsert("accounts")
                .key("id", 1)
                .version(4)
                .column("owner", "ana")
                .column("balance", new BigDecimal("40.00")));
        Mutation otherRow = upsert(2, 1, "bo", "1.00");
        Mutation raceInOneBatch = repair(Mutation.upsert("accounts")
                .key("id", 3)
                .version(1)
                .column("owner", "cy")
                .column("balance", new BigDecimal("1.00")));

        assertThat(store.applyAll(List.of(lateRepair, otherRow, raceInOneBatch)))
                .extracting(ApplyResult::outcome)
                .containsExactly(ApplyOutcome.STALE, ApplyOutcome.APPLIED, ApplyOutcome.STALE);
        assertThat(store.applyAll(List.of(
                        upsert(4, 2, "di", "2.00"),
                        delete(4, 2),
                        repair(Mutation.upsert("accounts")
                                .key("id", 4)
                                .version(2)
                                .column("owner", "di")
                                .column("balance", new BigDecimal("2.00"))))))
                .extracting(ApplyResult::outcome)
                .containsExactly(ApplyOutcome.STALE, ApplyOutcome.APPLIED, ApplyOutcome.STALE);

        assertThat(db.rows("accounts")).containsOnlyKeys("2");
        assertThat(db.fence("accounts", "id=1")).contains("v4 deleted");
        assertThat(db.fence("accounts", "id=4")).contains("v2 deleted");
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void repairDeleteAtTheTombstonesVersionStillRemovesAnExtraRow(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert(1, 4, "ana", "40.00"));
        store.apply(delete(1, 4));
        db.execute("INSERT INTO accounts (id, owner, balance) VALUES (1, 'stray', 0)");

        assertThat(store.apply(repair(Mutation.delete("accounts").key("id", 1).version(4))))
                .isEqualTo(ApplyOutcome.APPLIED);

        assertThat(db.count("accounts")).isZero();
        assertThat(db.fence("accounts", "id=1")).contains("v4 deleted");
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void deleteRemovesTheRowAndLateUpsertCannotResurrectIt(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert(1, 2, "ana", "20.00"));

        assertThat(store.apply(delete(1, 3))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert(1, 2, "ana", "20.00"))).isEqualTo(ApplyOutcome.STALE);
        assertThat(store.apply(upsert(1, 3, "ana", "30.00"))).isEqualTo(ApplyOutcome.STALE);

        assertThat(db.count("accounts")).isZero();
        assertThat(db.fence("accounts", "id=1")).contains("v3 deleted");
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void deleteArrivingBeforeItsRowStillLeavesATombstone(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        assertThat(store.apply(delete(9, 4))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert(9, 1, "late", "1.00"))).isEqualTo(ApplyOutcome.STALE);

        assertThat(db.count("accounts")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void deleteCarryingTheVersionOfTheLastUpdateWins(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert(1, 7, "ana", "70.00"));

        assertThat(store.apply(delete(1, 7))).isEqualTo(ApplyOutcome.APPLIED);

        assertThat(db.count("accounts")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void batchWritesOnlyTheNewestMutationOfEachRowAndReportsEveryOne(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert(2, 5, "bo", "5.00"));
        Mutation v2 = upsert(1, 2, "ana", "2.00");
        Mutation v3 = upsert(1, 3, "ana", "3.00");
        Mutation v3again = upsert(1, 3, "ana", "3.00");
        Mutation oldOfTwo = upsert(2, 4, "bo", "4.00");
        Mutation newOfThree = upsert(3, 1, "cy", "1.00");

        List<ApplyResult> results = store.applyAll(List.of(v3, oldOfTwo, v2, newOfThree, v3again));

        assertThat(results)
                .extracting(ApplyResult::writeId)
                .containsExactly(
                        v3.writeId(), oldOfTwo.writeId(), v2.writeId(), newOfThree.writeId(), v3again.writeId());
        assertThat(results)
                .extracting(ApplyResult::outcome)
                .containsExactly(
                        ApplyOutcome.APPLIED,
                        ApplyOutcome.STALE,
                        ApplyOutcome.STALE,
                        ApplyOutcome.APPLIED,
                        ApplyOutcome.DUPLICATE);
        Map<String, Map<String, Object>> rows = db.rows("accounts");
        assertThat(rows.get("1")).containsEntry("balance", new BigDecimal("3.00"));
        assertThat(rows.get("2")).containsEntry("balance", new BigDecimal("5.00"));
        assertThat(rows.get("3")).containsEntry("owner", "cy");
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void upsertNamingSomeColumnsKeepsTheOthers(Secondary engine) {
        TestDatabase db = accounts(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert(1, 1, "ana", "10.00"));

        store.apply(Mutation.upsert("accounts")
                .key("id", 1)
                .version(2)
                .column("balance", new BigDecimal("11"))
                .build());

        assertThat(db.rows("accounts").get("1"))
                .containsEntry("owner", "ana")
                .containsEntry("balance", new BigDecimal("11.00"));
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void clashOnAnotherUniqueKeyFailsInsteadOfUpdatingTheOtherRow(Secondary engine) {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE, name VARCHAR(50))");
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(Mutation.upsert("users")
                .key("id", 1)
                .version(1)
                .column("email", "a@x")
                .column("name", "ana")
                .build());
        store.apply(Mutation.upsert("users")
                .key("id", 1)
                .version(2)
                .column("email", "a@x")
                .column("name", "ana b")
                .build());

        assertThatThrownBy(() -> store.apply(Mutation.upsert("users")
                        .key("id", 2)
                        .version(1)
                        .column("email", "a@x")
                        .column("name", "bo")
                        .build()))
                .isInstanceOf(SecondaryApplyException.class)
                .satisfies(e ->
                        assertThat(((SecondaryApplyException) e).sqlState()).startsWith("23"));

        assertThat(db.rows("users")).containsOnlyKeys("1");
        assertThat(db.rows("users").get("1")).containsEntry("name", "ana b");
        assertThat(db.fence("users", "id=2")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void compositeKeysAndTableNamesInAnyCaseAddressTheSameRow(Secondary engine) {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE order_lines (order_id BIGINT NOT NULL, line_no INT NOT NULL, sku VARCHAR(20),"
                + " PRIMARY KEY (order_id, line_no))");
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        store.apply(Mutation.upsert("order_lines")
                .key("line_no", 2)
                .key("order_id", 10)
                .version(1)
                .column("sku", "A")
                .build());
        ApplyOutcome second = store.apply(Mutation.upsert("ORDER_LINES")
                .key("ORDER_ID", 10)
                .key("LINE_NO", 2)
                .version(1)
                .column("SKU", "B")
                .build());

        assertThat(second).isEqualTo(ApplyOutcome.DUPLICATE);
        assertThat(db.rows("order_lines").get("10")).containsEntry("sku", "A");
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void migratedTableKeepsItsColumnsAndTheFenceLivesInItsOwnTable(Secondary engine) {
        TestDatabase db = accounts(engine);

        SecondaryStore.of(db.dataSource).apply(upsert(1, 1, "ana", "1.00"));

        assertThat(db.rows("accounts").get("1")).containsOnlyKeys("id", "owner", "balance");
        assertThat(db.count("tandem_fence")).isEqualTo(1);
    }
}
