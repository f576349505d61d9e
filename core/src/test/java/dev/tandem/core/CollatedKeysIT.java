package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Text keys under a collation that folds case, accents or trailing spaces: the fence identifies a row
 * the way the secondary's primary key does, so an older write of {@code 'ABC'} cannot overwrite a
 * newer write of {@code 'abc'} when the table holds them as one row.
 */
class CollatedKeysIT {

    private static TestDatabase codes(Secondary engine, String collation) {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE codes (code VARCHAR(20) CHARACTER SET utf8mb4 COLLATE " + collation
                + " PRIMARY KEY, label VARCHAR(50) NOT NULL)");
        return db;
    }

    private static Mutation upsert(String code, long version, String label) {
        return Mutation.upsert("codes")
                .key("code", code)
                .version(version)
                .column("label", label)
                .build();
    }

    private static Mutation delete(String code, long version) {
        return Mutation.delete("codes").key("code", code).version(version).build();
    }

    @ParameterizedTest
    @EnumSource(
            value = Secondary.class,
            names = {"MARIADB", "MYSQL8_CONTAINER"})
    void anOlderWriteInAnotherCaseIsStaleUnderACaseInsensitiveCollation(Secondary engine) {
        TestDatabase db = codes(engine, "utf8mb4_general_ci");
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        assertThat(store.apply(upsert("abc", 5, "newer"))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert("ABC", 1, "older"))).isEqualTo(ApplyOutcome.STALE);
        assertThat(store.apply(upsert("Àbc", 2, "older, accented"))).isEqualTo(ApplyOutcome.STALE);

        assertThat(db.count("codes")).isEqualTo(1);
        assertThat(db.rows("codes").values())
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("code", "abc").containsEntry("label", "newer"));
    }

    @ParameterizedTest
    @EnumSource(
            value = Secondary.class,
            names = {"MARIADB", "MYSQL8_CONTAINER"})
    void anOlderWriteWithTrailingSpacesIsStaleUnderAPadSpaceCollation(Secondary engine) {
        TestDatabase db = codes(engine, "utf8mb4_general_ci");
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        assertThat(store.apply(upsert("x", 5, "newer"))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert("x ", 1, "older"))).isEqualTo(ApplyOutcome.STALE);

        assertThat(db.rows("codes").get("x")).containsEntry("label", "newer");
    }

    @ParameterizedTest
    @EnumSource(
            value = Secondary.class,
            names = {"MARIADB", "MYSQL8_CONTAINER"})
    void writesOfOneFoldedRowInOneBatchAreJudgedAsOneRow(Secondary engine) {
        TestDatabase db = codes(engine, "utf8mb4_general_ci");
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        List<ApplyResult> results = store.applyAll(List.of(
                upsert("abc", 5, "newer"),
                upsert("ABC", 1, "older"),
                upsert("x", 5, "newer x"),
                upsert("x  ", 2, "older x")));

        assertThat(results)
                .extracting(ApplyResult::outcome)
                .containsExactly(ApplyOutcome.APPLIED, ApplyOutcome.STALE, ApplyOutcome.APPLIED, ApplyOutcome.STALE);
        assertThat(db.count("codes")).isEqualTo(2);
        assertThat(db.rows("codes").get("abc")).containsEntry("label", "newer");
        assertThat(db.rows("codes").get("x")).containsEntry("label", "newer x");
    }

    @ParameterizedTest
    @EnumSource(
            value = Secondary.class,
            names = {"MARIADB", "MYSQL8_CONTAINER"})
    void aDeleteInAnotherCaseLeavesATombstoneForTheFoldedRow(Secondary engine) {
        TestDatabase db = codes(engine, "utf8mb4_general_ci");
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert("abc", 4, "v4"));

        assertThat(store.apply(delete("ABC", 4))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert("Abc", 4, "late v4"))).isEqualTo(ApplyOutcome.STALE);
        assertThat(store.apply(upsert("abc ", 3, "late v3"))).isEqualTo(ApplyOutcome.STALE);

        assertThat(db.count("codes")).isZero();
        assertThat(store.lastAppliedVersions(List.of(upsert("aBc", 9, "any")))).containsExactly(4L);
    }

    @ParameterizedTest
    @EnumSource(
            value = Secondary.class,
            names = {"MARIADB", "MYSQL8_CONTAINER"})
    void aBinaryCollationKeepsCaseApartButIgnoresTrailingSpacesWhenItPads(Secondary engine) {
        TestDatabase db = codes(engine, "utf8mb4_bin");
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        assertThat(store.apply(upsert("abc", 5, "lower"))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert("ABC", 1, "upper"))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert("abc ", 1, "padded"))).isEqualTo(ApplyOutcome.STALE);

        assertThat(db.count("codes")).isEqualTo(2);
        assertThat(db.rows("codes").get("abc")).containsEntry("label", "lower");
        assertThat(db.rows("codes").get("ABC")).containsEntry("label", "upper");
    }

    @Test
    void aNoPadBinaryCollationKeepsEveryTextApart() {
        TestDatabase db = codes(Secondary.MARIADB, "utf8mb4_nopad_bin");
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        assertThat(store.apply(upsert("x", 5, "bare"))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert("x ", 1, "padded"))).isEqualTo(ApplyOutcome.APPLIED);

        assertThat(db.count("codes")).isEqualTo(2);
        assertThat(db.fence("codes", "code=x")).contains("v5");
    }

    @Test
    void onPostgreSqlTextKeysCompareExactly() {
        TestDatabase db = TestDatabase.fresh(Secondary.POSTGRESQL);
        db.execute("CREATE TABLE codes (code VARCHAR(20) PRIMARY KEY, label VARCHAR(50) NOT NULL)");
        SecondaryStore store = SecondaryStore.of(db.dataSource);

        assertThat(store.apply(upsert("abc", 5, "lower"))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert("ABC", 1, "upper"))).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(store.apply(upsert("abc ", 1, "padded"))).isEqualTo(ApplyOutcome.APPLIED);

        assertThat(db.count("codes")).isEqualTo(3);
    }
}
