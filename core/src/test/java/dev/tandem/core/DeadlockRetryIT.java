package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Where a deadlock does happen (here with a writer outside Tandem that locks a target row and then its
 * fence row, against the fence's order), the applier chosen as its victim fails with a transient
 * failure, which the retry consumer and the direct path retry, and the retry applies the batch.
 */
class DeadlockRetryIT {

    @ParameterizedTest
    @EnumSource(
            value = Secondary.class,
            names = {"MARIADB", "POSTGRESQL"})
    void aDeadlockVictimFailsTransientlyAndItsRetryApplies(Secondary engine) throws Exception {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute(
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(50) NOT NULL)",
                "CREATE TABLE ballast (id BIGINT PRIMARY KEY)");
        SecondaryStore store = SecondaryStore.of(db.dataSource);
        store.apply(upsert(2, 1, "ana"));
        List<Mutation> batch = List.of(upsert(2, 2, "bea"));

        Throwable failure;
        try (Connection outsider = db.dataSource.getConnection()) {
            outsider.setAutoCommit(false);
            try (Statement s = outsider.createStatement()) {
                // Many written rows make the outsider the heavier transaction: InnoDB rolls back the lighter one.
                s.executeUpdate("INSERT INTO ballast (id) SELECT n FROM (" + numbers(db, 2_000) + ") numbers");
                s.executeQuery("SELECT id FROM accounts WHERE id = 2 FOR UPDATE")
                        .close();
            }
            CompletableFuture<List<ApplyResult>> apply = CompletableFuture.supplyAsync(() -> store.applyAll(batch));
            awaitLockWait(db, apply);
            try (Statement s = outsider.createStatement()) {
                // The fence row the applier holds: the cycle closes, and the applier is the victim.
                s.executeQuery("SELECT version FROM tandem_fence WHERE table_name = 'accounts' FOR UPDATE")
                        .close();
            }
            failure = catchFailure(apply);
            outsider.rollback();
        }

        assertThat(failure).isInstanceOf(SecondaryApplyException.class);
        assertThat(((SecondaryApplyException) failure).sqlState()).isIn("40001", "40P01");
        assertThat(FailureClassifier.classify(failure)).isEqualTo(FailureClass.TRANSIENT);
        assertThat(store.applyAll(batch)).extracting(ApplyResult::outcome).containsExactly(ApplyOutcome.APPLIED);
        assertThat(db.rows("accounts").get("2")).containsEntry("owner", "bea");
        assertThat(db.fence("accounts", "id=2")).contains("v2");
    }

    private static Mutation upsert(long id, long version, String owner) {
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(version)
                .column("owner", owner)
                .build();
    }

    /** A query of the numbers 1..n as column {@code n}. */
    private static String numbers(TestDatabase db, int n) {
        return db.isMariaDb() ? "SELECT seq AS n FROM seq_1_to_" + n : "SELECT generate_series(1, " + n + ") AS n";
    }

    /** Waits until the applier is blocked on the outsider's lock: writing the target row, or waiting to. */
    private static void awaitLockWait(TestDatabase db, CompletableFuture<?> apply) throws Exception {
        String waiting = db.isMariaDb()
                ? "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'INSERT INTO `accounts`%'"
                : "SELECT COUNT(*) FROM pg_locks WHERE NOT granted";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (Connection c = db.dataSource.getConnection();
                Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline && !apply.isDone()) {
                try (ResultSet rs = s.executeQuery(waiting)) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("The applier never waited for the outsider's lock (done: " + apply.isDone() + ")");
    }

    private static Throwable catchFailure(CompletableFuture<List<ApplyResult>> apply) throws Exception {
        try {
            apply.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("The applier was not the deadlock's victim");
    }
}
