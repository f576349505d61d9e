package dev.tandem.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Retry-topic records keep the primary's names; the consumer, given the same {@code tandem.mapping}
 * as the library, applies them to the secondary's renamed table and columns.
 */
class MappedDrainIT {

    private final ConsumerFixture fixture = new ConsumerFixture();

    @Test
    void recordsWithThePrimarysNamesLandInTheSecondarysMappedTable() throws Exception {
        fixture.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL,"
                + " balance BIGINT NOT NULL, active BOOLEAN NOT NULL)");
        List<Mutation> writes = new ArrayList<>();
        for (long id = 1; id <= 50; id++) {
            writes.add(Mutation.upsert("legacy_accounts")
                    .key("id", id)
                    .version(1)
                    .column("mail", "user" + id + "@example.com")
                    .column("balance", id)
                    .column("active", id % 2)
                    .column("legacy_flags", 7)
                    .build());
        }
        fixture.produce(writes);

        List<String> arguments = new ArrayList<>(fixture.arguments());
        arguments.add("--tandem.mapping.tables[0].primary=legacy_accounts");
        arguments.add("--tandem.mapping.tables[0].secondary=accounts");
        arguments.add("--tandem.mapping.tables[0].columns[0].primary=mail");
        arguments.add("--tandem.mapping.tables[0].columns[0].secondary=email");
        arguments.add("--tandem.mapping.tables[0].columns[1].primary=active");
        arguments.add("--tandem.mapping.tables[0].columns[1].convert=TINYINT_TO_BOOLEAN");
        arguments.add("--tandem.mapping.tables[0].columns[2].primary=legacy_flags");
        arguments.add("--tandem.mapping.tables[0].columns[2].drop=true");
        try (ConfigurableApplicationContext consumer =
                new SpringApplicationBuilder(RetryConsumerApplication.class).run(arguments.toArray(String[]::new))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (fixture.count("SELECT COUNT(*) FROM accounts") < 50 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        assertThat(fixture.accounts()).hasSize(50).containsEntry(7L, "user7@example.com|7");
        assertThat(fixture.count("SELECT COUNT(*) FROM accounts WHERE active")).isEqualTo(25);
    }
}
