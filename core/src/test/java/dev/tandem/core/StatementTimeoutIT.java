package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A secondary that makes an apply wait (here: a lock held elsewhere) fails it at the statement timeout. */
class StatementTimeoutIT {

    @ParameterizedTest
    @EnumSource(Secondary.class)
    void applyBlockedByALockFailsAtTheStatementTimeoutAndWritesNothing(Secondary engine) throws Exception {
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(20))");
        SecondaryStore store = SecondaryStore.of(db.dataSource, "tandem_fence", Duration.ofSeconds(1));
        store.apply(Mutation.upsert("accounts")
                .key("id", 1)
                .version(1)
                .column("owner", "ana")
                .build());

        try (Connection locker = db.dataSource.getConnection();
                Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.executeQuery("SELECT * FROM tandem_fence FOR UPDATE").close();

            long start = System.nanoTime();
            assertThatThrownBy(() -> store.apply(Mutation.upsert("accounts")
                            .key("id", 1)
                            .version(2)
                            .column("owner", "bo")
                            .build()))
                    .isInstanceOf(SecondaryApplyException.class);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(waited).isLessThan(Duration.ofSeconds(5));
            locker.rollback();
        }
        assertThat(db.rows("accounts").get("1")).containsEntry("owner", "ana");
    }
}
