package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Mutations that do not fit the secondary are refused with a clear reason, and change nothing. */
class InvalidMutationIT {

    private static final String EVIL_TABLE = "accounts\"; DROP TABLE accounts; --";
    private static final String EVIL_COLUMN = "owner`; DROP TABLE accounts; --";

    static Stream<Arguments> badMutations() {
        return Stream.of(
                bad(
                        "unknown table",
                        () -> Mutation.upsert("nope").key("id", 2).build(),
                        "table 'nope'",
                        "no such table"),
                bad(
                        "malicious table name",
                        () -> Mutation.upsert(EVIL_TABLE).key("id", 2).build(),
                        "DROP TABLE",
                        "no such table"),
                bad(
                        "malicious column name",
                        () -> Mutation.upsert("accounts")
                                .key("id", 2)
                                .column(EVIL_COLUMN, "x")
                                .build(),
                        "column '" + EVIL_COLUMN + "'",
                        "no such column in table accounts"),
                bad(
                        "unknown column",
                        () -> Mutation.upsert("accounts")
                                .key("id", 2)
                                .column("colour", "red")
                                .build(),
                        "column 'colour'",
                        "no such column"),
                bad(
                        "wrong type",
                        () -> Mutation.upsert("accounts")
                                .key("id", 2)
                                .column("owner", "bo")
                                .column("balance", "lots")
                                .build(),
                        "column 'balance'",
                        "expects an exact number but the value is a String"),
                bad(
                        "oversized text",
                        () -> Mutation.upsert("accounts")
                                .key("id", 2)
                                .column("owner", "bo".repeat(6))
                                .build(),
                        "column 'owner'",
                        "text of 12 characters is longer than"),
                bad(
                        "too many decimal places",
                        () -> Mutation.upsert("accounts")
                                .key("id", 2)
                                .column("owner", "bo")
                                .column("balance", new BigDecimal("1.005"))
                                .build(),
                        "column 'balance'",
                        "more than 2 decimal places"),
                bad(
                        "null in NOT NULL column",
                        () -> Mutation.upsert("accounts")
                                .key("id", 2)
                                .columns(nullOwner())
                                .build(),
                        "column 'owner'",
                        "is NOT NULL"),
                bad(
                        "key that is not the primary key",
                        () -> Mutation.upsert("accounts").key("owner", "ana").build(),
                        "column 'owner'",
                        "is not a primary-key column of accounts"),
                bad(
                        "key value of the wrong type",
                        () -> Mutation.upsert("accounts").key("id", "two").build(),
                        "column 'id'",
                        "expects a whole number"),
                bad(
                        "integer out of range",
                        () -> Mutation.upsert("accounts")
                                .key("id", 2)
                                .column("owner", "bo")
                                .column("visits", 40_000)
                                .build(),
                        "column 'visits'",
                        "outside"));
    }

    private static Arguments bad(String what, Supplier<Mutation> mutation, String names, String reason) {
        return Arguments.of(what, mutation, names, reason);
    }

    private static Map<String, Object> nullOwner() {
        Map<String, Object> columns = new java.util.HashMap<>();
        columns.put("owner", null);
        return columns;
    }

    static Stream<Arguments> cases() {
        return Stream.of(Secondary.values()).flatMap(engine -> badMutations().map(a -> {
            Object[] args = a.get();
            return Arguments.of(engine, args[0], args[1], args[2], args[3]);
        }));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void badMutationIsRefusedNamingWhatIsWrongAndChangesNothing(
            Secondary engine, String what, Supplier<Mutation> mutation, String names, String reason) {
        TestDatabase db = seeded(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        Mutation bad = mutation.get();

        assertThatThrownBy(() -> store.apply(bad))
                .isInstanceOf(InvalidMutationException.class)
                .hasMessageContaining(bad.writeId().toString())
                .hasMessageContaining(names)
                .hasMessageContaining(reason);

        assertUnchanged(db);
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void oneBadMutationInABatchLeavesTheWholeBatchUnwritten(Secondary engine) {
        TestDatabase db = seeded(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        Mutation good = Mutation.upsert("accounts")
                .key("id", 3)
                .version(1)
                .column("owner", "cy")
                .build();
        Mutation bad = Mutation.upsert("accounts")
                .key("id", 4)
                .version(1)
                .column("colour", "red")
                .build();

        assertThatThrownBy(() -> store.applyAll(List.of(good, bad))).isInstanceOf(InvalidMutationException.class);

        assertUnchanged(db);
    }

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void columnAddedToTheSecondaryAfterItsTableWasReadIsWritten(Secondary engine) {
        TestDatabase db = seeded(engine);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        Mutation colourful = Mutation.upsert("accounts")
                .key("id", 4)
                .version(1)
                .column("owner", "di")
                .column("colour", "red")
                .build();
        store.apply(Mutation.upsert("accounts")
                .key("id", 3)
                .version(1)
                .column("owner", "cy")
                .build());
        assertThatThrownBy(() -> store.apply(colourful)).isInstanceOf(InvalidMutationException.class);

        db.execute("ALTER TABLE accounts ADD COLUMN colour VARCHAR(10)");

        assertThat(store.apply(colourful)).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(db.rows("accounts").get("4")).containsEntry("colour", "red");
    }

    private static TestDatabase seeded(Secondary engine) {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(10) NOT NULL, balance DECIMAL(8,2),"
                + " visits SMALLINT)");
        SecondaryStore.of(db.dataSource)
                .apply(Mutation.upsert("accounts")
                        .key("id", 1)
                        .version(1)
                        .column("owner", "ana")
                        .column("balance", new BigDecimal("5.00"))
                        .build());
        return db;
    }

    private static void assertUnchanged(TestDatabase db) {
        assertThat(db.rows("accounts")).containsOnlyKeys("1");
        assertThat(db.rows("accounts").get("1"))
                .containsEntry("owner", "ana")
                .containsEntry("balance", new BigDecimal("5.00"));
        assertThat(db.count("tandem_fence")).isEqualTo(1);
    }
}
