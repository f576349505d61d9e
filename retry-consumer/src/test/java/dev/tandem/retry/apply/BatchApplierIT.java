package dev.tandem.retry.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.testkit.DatabaseUser;
import dev.tandem.testkit.EmbeddedPostgreSql;
import dev.tandem.testkit.EmbeddedServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Batches of retry records against a real PostgreSQL secondary. */
class BatchApplierIT {

    private final EmbeddedPostgreSql postgres = EmbeddedServices.postgres();
    private final String database = "retry_" + UUID.randomUUID().toString().substring(0, 8);
    private final DataSource secondary = postgres.dataSource(database);

    private static RetryRecord record(long offset, byte[] value) {
        return new RetryRecord("tandem.retry", 0, offset, null, value);
    }

    private static RetryRecord record(long offset, Mutation mutation) {
        return record(offset, MutationCodec.encode(mutation));
    }

    private static Mutation account(long id, String email) {
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(1)
                .column("email", email)
                .build();
    }

    @Test
    void onlyThePoisonRecordsAreDeadLetteredAndAllOthersApplied() throws Exception {
        execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(50) NOT NULL UNIQUE)");
        List<RetryRecord> batch = new ArrayList<>();
        for (long i = 1; i <= 40; i++) {
            batch.add(record(i, account(i, "user" + i + "@example.com")));
        }
        batch.set(7, record(8, "this is not json".getBytes(StandardCharsets.UTF_8)));
        batch.set(
                15,
                record(
                        16,
                        Mutation.upsert("accounts")
                                .key("id", 16L)
                                .version(1)
                                .column("colour", "red")
                                .build()));
        batch.set(31, record(32, account(32, "user1@example.com"))); // violates the unique email of row 1

        BatchOutcome outcome = new BatchApplier(SecondaryStore.of(secondary)).apply(batch);

        assertThat(outcome.deadLetters())
                .extracting(d -> d.record().offset(), DeadLetter::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(8L, DeadLetterReason.UNDECODABLE),
                        org.assertj.core.groups.Tuple.tuple(16L, DeadLetterReason.SCHEMA_MISMATCH),
                        org.assertj.core.groups.Tuple.tuple(32L, DeadLetterReason.REJECTED_BY_SECONDARY));
        assertThat(outcome.applied()).isEqualTo(37);
        assertThat(count("SELECT COUNT(*) FROM accounts")).isEqualTo(37);
        assertThat(count("SELECT COUNT(*) FROM accounts WHERE id IN (8, 16, 32)"))
                .isZero();
    }

    @Test
    void reappliedBatchCountsStaleAndDuplicateRecordsInsteadOfFailing() throws Exception {
        execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(50) NOT NULL UNIQUE)");
        List<RetryRecord> batch = List.of(record(1, account(1, "a@x")), record(2, account(2, "b@x")));
        BatchApplier applier = new BatchApplier(SecondaryStore.of(secondary));
        applier.apply(batch);

        BatchOutcome again = applier.apply(batch);

        assertThat(again.applied()).isZero();
        assertThat(again.duplicate()).isEqualTo(2);
        assertThat(again.deadLetters()).isEmpty();
    }

    @Test
    void secondaryDownIsTransientAndDeadLettersNothing() throws Exception {
        execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(50) NOT NULL UNIQUE)");
        // The server is stopped below: a pool that fails a connection request in 2 s, not 30 s.
        BatchApplier applier = new BatchApplier(SecondaryStore.of(postgres.outageDataSource(database)));
        applier.apply(List.of(record(1, account(1, "a@x"))));
        List<RetryRecord> batch =
                List.of(record(2, account(2, "b@x")), record(3, "not json".getBytes(StandardCharsets.UTF_8)));

        postgres.stop();
        try {
            assertThatThrownBy(() -> applier.apply(batch)).isInstanceOf(TransientApplyException.class);
        } finally {
            postgres.start();
        }

        BatchOutcome retried = applier.apply(batch);
        assertThat(retried.applied()).isEqualTo(1);
        assertThat(retried.deadLetters()).extracting(DeadLetter::reason).containsExactly(DeadLetterReason.UNDECODABLE);
    }

    @Test
    void revokedPrivilegeIsTransientAndDeadLettersNothingUntilTheGrantIsBack() throws Exception {
        execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(50) NOT NULL UNIQUE)");
        new BatchApplier(SecondaryStore.of(secondary)).apply(List.of(record(1, account(1, "a@x")))); // the fence table
        try (DatabaseUser user = DatabaseUser.create(
                postgres, database, List.of("accounts", "tandem_fence", "tandem_fence_schema_history"))) {
            BatchApplier applier = new BatchApplier(SecondaryStore.of(user.dataSource()));
            List<RetryRecord> batch = List.of(record(2, account(2, "b@x")), record(3, account(3, "c@x")));
            user.revoke("INSERT, UPDATE", "accounts");

            assertThatThrownBy(() -> applier.apply(batch))
                    .isInstanceOf(TransientApplyException.class)
                    .hasMessageContaining("permission denied");

            user.grant("INSERT, UPDATE", "accounts");
            BatchOutcome retried = applier.apply(batch);
            assertThat(retried.applied()).isEqualTo(2);
            assertThat(retried.deadLetters()).isEmpty();
        }
    }

    @Test
    void valuesAndRowsMariaDbCannotStoreAreDeadLetteredAloneInsteadOfBlockingTheBatch() throws Exception {
        DataSource mariaDb = EmbeddedServices.mariaDb().dataSource(database);
        try (Connection c = mariaDb.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE readings (id BIGINT PRIMARY KEY, reading DOUBLE, state ENUM('open', 'closed'),"
                    + " level INT NOT NULL)");
        }
        List<RetryRecord> batch = new ArrayList<>();
        for (long i = 1; i <= 20; i++) {
            batch.add(record(i, reading(i).column("level", i).build()));
        }
        batch.set(
                4,
                record(
                        5,
                        reading(5)
                                .column("level", 5L)
                                .column("reading", Double.NaN)
                                .build()));
        batch.set(
                9,
                record(
                        10,
                        reading(10)
                                .column("level", 10L)
                                .column("state", "bogus")
                                .build()));
        batch.set(14, record(15, reading(15).build())); // a new row without its NOT NULL level

        BatchOutcome outcome = new BatchApplier(SecondaryStore.of(mariaDb)).apply(batch);

        assertThat(outcome.deadLetters())
                .extracting(d -> d.record().offset(), DeadLetter::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(5L, DeadLetterReason.SCHEMA_MISMATCH),
                        org.assertj.core.groups.Tuple.tuple(10L, DeadLetterReason.REJECTED_BY_SECONDARY),
                        org.assertj.core.groups.Tuple.tuple(15L, DeadLetterReason.REJECTED_BY_SECONDARY));
        assertThat(outcome.deadLetters().stream()
                        .filter(d -> d.record().offset() == 5)
                        .findFirst()
                        .orElseThrow()
                        .detail())
                .contains("table 'readings'")
                .contains("column 'reading'")
                .contains("NaN");
        assertThat(outcome.applied()).isEqualTo(17);
    }

    private static Mutation.Builder reading(long id) {
        return Mutation.upsert("readings").key("id", id).version(1).column("state", "open");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = secondary.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = secondary.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
