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
 * where the dialect has one and no repair is in the batch, the Java rule otherwise), and on
 * PostgreSQL through the bulk apply and the in-table fence too: the outcome
 * reported, and whether the row exists afterwards. Each case has a row of its own, its stored state
 * made by applying an upsert or a delete at that version first.
 */
class FenceContractIT {

    private static final AtomicLong ids = new AtomicLong();
    private static final Map<Secondary, TestDatabase> databases = new EnumMap<>(Secondary.class);

    static Stream<Arguments> secondariesAndCases() {
        List<Arguments> arguments = new ArrayList<>();
        for (Secondary secondary : List.of(Secondary.MARIADB, Secondary.POSTGRESQL)) {
            FenceContract.cases().forEach(c -> arguments.add(Arguments.of(secondary, ApplyPath.DEFAULTS, c)));
        }
        // PostgreSQL's bulk apply (repairs, which it leaves to the row-wise path, included) and the
        // in-table fence keep the same contract.
        for (ApplyPath path : List.of(ApplyPath.COPY, ApplyPath.IN_TABLE)) {
            FenceContract.cases().forEach(c -> arguments.add(Arguments.of(Secondary.POSTGRESQL, path, c)));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}, {1}: {2}")
    @MethodSource("secondariesAndCases")
    void theFencedStoreKeepsTheFenceContract(Secondary secondary, ApplyPath path, FenceContract.Case contract) {
        TestDatabase db = database(secondary);
        SecondaryStore store = path.store(db.dataSource, "accounts");
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
        if (path.fencesInTable() && !deleted) {
            // The in-table fence keeps an upsert's version in the row; the fence table holds tombstones only.
            assertThat(db.rows("accounts").get(Long.toString(id))).containsEntry(ApplyPath.VERSION_COLUMN, version);
        } else {
            assertThat(db.fence("accounts", "id=" + id)).hasValue("v" + version + (deleted ? " deleted" : ""));
        }
    }

    private static synchronized TestDatabase database(Secondary secondary) {
        return databases.computeIfAbsent(secondary, s -> {
            TestDatabase db = TestDatabase.fresh(s);
            db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(50), version_seen BIGINT)");
            return db;
        });
    }
}
