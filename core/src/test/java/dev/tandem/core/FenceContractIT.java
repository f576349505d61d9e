package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.fence.FenceContract;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the {@link FenceContract} through the fenced store on each secondary (the SQL rule
 * where the dialect has one and no repair is in the batch, the Java rule otherwise): the outcome
 * reported, and whether the row exists afterwards. Each case has a row of its own, its stored state
 * made by applying an upsert or a delete at that version first.
 */
class FenceContractIT {

    private static final AtomicLong ids = new AtomicLong();
    private static final Map<Secondary, TestDatabase> databases = new EnumMap<>(Secondary.class);

    static Stream<Arguments> secondariesAndCases() {
        List<Arguments> arguments = new ArrayList<>();
        for (Secondary secondary : List.of(Secondary.MARIADB, Secondary.POSTGRESQL)) {
            FenceContract.cases().forEach(c -> arguments.add(Arguments.of(secondary, c)));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("secondariesAndCases")
    void theFencedStoreKeepsTheFenceContract(Secondary secondary, FenceContract.Case contract) {
        TestDatabase db = database(secondary);
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        long id = ids.incrementAndGet();
        if (contract.stored()) {
            Mutation.Builder earlier =
                    contract.storedDeleted() ? Mutation.delete("accounts") : Mutation.upsert("accounts");
            assertThat(store.apply(earlier.key("id", id)
                            .version(contract.storedVersion())
                            .build()))
                    .isEqualTo(ApplyOutcome.APPLIED);
        }

        assertThat(store.apply(contract.mutation("accounts", id))).isEqualTo(contract.expected());

        assertThat(db.rows("accounts").containsKey(Long.toString(id))).isEqualTo(contract.rowExistsAfter());
        boolean applied = contract.expected() == ApplyOutcome.APPLIED;
        long version = applied ? contract.version() : contract.storedVersion();
        boolean deleted = applied ? contract.delete() : contract.storedDeleted();
        assertThat(db.fence("accounts", "id=" + id)).hasValue("v" + version + (deleted ? " deleted" : ""));
    }

    private static synchronized TestDatabase database(Secondary secondary) {
        return databases.computeIfAbsent(secondary, s -> {
            TestDatabase db = TestDatabase.fresh(s);
            db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(50))");
            return db;
        });
    }
}
