package dev.tandem.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import dev.tandem.retry.dlt.DeadLetterFilter;
import dev.tandem.retry.dlt.DeadLetterTopic;
import dev.tandem.retry.lag.LagReport;
import dev.tandem.retry.lag.LagStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The secondary goes away while writes pile up on the retry topic, then comes back. */
class SecondaryOutageIT {

    private static final int ROWS = 2_000;
    private static final int WRITES = 10_000;

    private final ConsumerFixture fixture = ConsumerFixture.forSecondaryOutages();

    @Test
    void writesWaitOutASecondaryOutageAndAllArriveWithNothingDeadLettered() throws Exception {
        fixture.execute(
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance BIGINT NOT NULL)");
        Writes writes = new Writes(new Random(42));
        try (ConfigurableApplicationContext service = fixture.start()) {
            ConsumerFixture.awaitLag(
                    service,
                    Duration.ofSeconds(60),
                    r -> r.status() == LagStatus.OK
                            && r.error() == null
                            && r.partitions().size() == ConsumerFixture.PARTITIONS);

            fixture.postgres.stop();
            try {
                fixture.produce(writes.mutations);
                LagReport down = ConsumerFixture.awaitLag(
                        service,
                        Duration.ofSeconds(60),
                        r -> r.status() == LagStatus.ERROR && r.lagRecords() == WRITES);
                Thread.sleep(1_500);
                LagReport later = ConsumerFixture.awaitLag(service, Duration.ofSeconds(10), r -> r.sampledAt()
                        .isAfter(down.sampledAt().plusSeconds(1)));
                assertThat(later.status()).isEqualTo(LagStatus.ERROR);
                assertThat(later.lagRecords()).isEqualTo(WRITES);
                assertThat(later.lagSeconds()).isGreaterThan(down.lagSeconds() + 1.0);
                assertThat(later.partitions())
                        .allSatisfy(p -> assertThat(p.detail()).contains("secondary"));
                assertThat(get(service, "/actuator/retrylag")).contains("\"status\":\"ERROR\"");
                String tags = fixture.prometheusTags(fixture.topic);
                assertThat(get(service, "/actuator/prometheus"))
                        .contains(
                                "tandem_retry_lag_records{" + tags.replace(",topic=", ",partition=\"0\",topic=") + "}")
                        .contains(
                                "tandem_retry_status{" + tags.replace(",topic=", ",status=\"ERROR\",topic=") + "} 1.0");
                // Not draining, so not ready; yet alive: restarting it would not bring the secondary back.
                assertThat(get(service, "/actuator/health/readiness"))
                        .startsWith("{\"status\":\"DOWN\"")
                        .contains("\"retryLag\":{\"status\":\"DOWN\"");
                assertThat(get(service, "/actuator/health/liveness")).startsWith("{\"status\":\"UP\"");
            } finally {
                fixture.postgres.start();
            }

            LagReport drained = ConsumerFixture.awaitLag(
                    service, Duration.ofSeconds(180), r -> r.status() == LagStatus.OK && r.lagRecords() == 0);
            assertThat(drained.lagSeconds()).isZero();
            assertThat(fixture.accounts()).isEqualTo(writes.expected);
            DeadLetterTopic deadLetters = service.getBean(DeadLetterTopic.class);
            assertThat(deadLetters.summary(DeadLetterFilter.ALL).total()).isZero();
            assertThat(get(service, "/actuator/health")).contains("\"status\":\"UP\"");
            assertThat(get(service, "/actuator/health/readiness")).startsWith("{\"status\":\"UP\"");
        }
    }

    private static String get(ConfigurableApplicationContext service, String path) throws Exception {
        return ConsumerFixture.http(service, "GET", path, null);
    }

    /** Several versions per row, some deletes, shuffled so they arrive out of order; the newest version wins. */
    private static final class Writes {
        final List<Mutation> mutations = new ArrayList<>();
        final Map<Long, String> expected = new TreeMap<>();

        Writes(Random random) {
            Map<Long, Mutation> newest = new TreeMap<>();
            for (int i = 0; i < WRITES; i++) {
                long id = i % ROWS + 1;
                long version = i / ROWS + 1;
                Mutation mutation = version == 5 && id % 7 == 0
                        ? Mutation.delete("accounts")
                                .key("id", id)
                                .version(version)
                                .build()
                        : Mutation.upsert("accounts")
                                .key("id", id)
                                .version(version)
                                .column("email", "user" + id + "-v" + version + "@example.com")
                                .column("balance", id * 100 + version)
                                .build();
                mutations.add(mutation);
                newest.put(id, mutation);
            }
            Collections.shuffle(mutations, random);
            newest.forEach((id, mutation) -> {
                if (mutation.operation() == dev.tandem.core.Operation.UPSERT) {
                    expected.put(
                            id,
                            mutation.columns().get("email") + "|"
                                    + mutation.columns().get("balance"));
                }
            });
        }
    }
}
