package dev.tandem.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.retry.dlt.DeadLetterFilter;
import dev.tandem.retry.dlt.DeadLetterTopic;
import dev.tandem.retry.lag.LagReport;
import dev.tandem.retry.lag.LagStatus;
import dev.tandem.testkit.DatabaseUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An operator revokes the consumer's INSERT privilege by mistake: the records wait (status ERROR with
 * the database's reason), nothing is dead-lettered, and they drain once the GRANT is back.
 */
class RevokedPrivilegeIT {

    private static final int WRITES = 200;

    private final ConsumerFixture fixture = new ConsumerFixture();

    @Test
    void recordsWaitForARevokedGrantWithStatusErrorAndDrainOnceItIsBack() throws Exception {
        fixture.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL,"
                + " balance BIGINT NOT NULL)");
        SecondaryStore.of(fixture.secondary).apply(account(0)); // creates the fence table
        List<Mutation> writes = new ArrayList<>();
        for (long id = 1; id <= WRITES; id++) {
            writes.add(account(id));
        }
        try (DatabaseUser user = DatabaseUser.create(
                fixture.postgres,
                fixture.database,
                List.of("accounts", "tandem_fence", "tandem_fence_schema_history"))) {
            user.revoke("INSERT, UPDATE", "accounts");
            try (ConfigurableApplicationContext service = fixture.start(Map.of(
                    "spring.datasource.url",
                    fixture.postgres.jdbcUrl(fixture.database).replace("user=postgres", "user=" + user.name()),
                    "spring.datasource.username",
                    user.name(),
                    "spring.datasource.password",
                    "tandem-test"))) {
                fixture.produce(writes);

                LagReport waiting = ConsumerFixture.awaitLag(
                        service,
                        Duration.ofSeconds(60),
                        r -> r.status() == LagStatus.ERROR && r.lagRecords() == WRITES);
                assertThat(waiting.partitions())
                        .filteredOn(p -> p.lagRecords() > 0)
                        .isNotEmpty()
                        .allSatisfy(p -> assertThat(p.detail()).contains("permission denied"));
                DeadLetterTopic deadLetters = service.getBean(DeadLetterTopic.class);
                assertThat(deadLetters.summary(DeadLetterFilter.ALL).total()).isZero();

                user.grant("INSERT, UPDATE", "accounts");

                ConsumerFixture.awaitLag(
                        service, Duration.ofSeconds(120), r -> r.status() == LagStatus.OK && r.lagRecords() == 0);
                assertThat(fixture.count("SELECT COUNT(*) FROM accounts")).isEqualTo(WRITES + 1);
                assertThat(deadLetters.summary(DeadLetterFilter.ALL).total()).isZero();
            }
        }
    }

    private static Mutation account(long id) {
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(1)
                .column("email", "user" + id + "@example.com")
                .column("balance", id)
                .build();
    }
}
