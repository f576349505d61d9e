package dev.tandem.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import dev.tandem.retry.lag.LagReport;
import dev.tandem.retry.lag.LagStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A process that only watches the lag sees partitions nobody consumes as STOPPED. */
class StoppedConsumerIT {

    private final ConsumerFixture fixture = new ConsumerFixture();

    @Test
    void partitionsWithoutAnyConsumerAreStoppedWithLagMeasuredFromTheRecords() throws Exception {
        fixture.execute(
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL, balance BIGINT NOT NULL)");
        Instant committed = Instant.now().minusSeconds(90);
        List<Mutation> writes = new ArrayList<>();
        for (long id = 1; id <= 300; id++) {
            writes.add(Mutation.upsert("accounts")
                    .key("id", id)
                    .version(1)
                    .column("email", "user" + id + "@example.com")
                    .column("balance", id)
                    .committedAt(committed)
                    .build());
        }
        fixture.produce(writes);

        List<String> arguments = new ArrayList<>(fixture.arguments());
        arguments.add("--tandem.retry.consume=false");
        try (ConfigurableApplicationContext watcher =
                new SpringApplicationBuilder(RetryConsumerApplication.class).run(arguments.toArray(String[]::new))) {
            LagReport report =
                    ConsumerFixture.awaitLag(watcher, Duration.ofSeconds(30), r -> r.status() == LagStatus.STOPPED);

            assertThat(report.lagRecords()).isEqualTo(300);
            assertThat(report.lagSeconds()).isBetween(90.0, 150.0);
            assertThat(report.etaSeconds()).isNull();
            assertThat(report.partitions())
                    .allSatisfy(p -> assertThat(p.detail()).isEqualTo("no consumer of the group owns this partition"));
            assertThat(ConsumerFixture.http(watcher, "GET", "/actuator/health", null))
                    .contains("\"retryLag\":{\"status\":\"DOWN\"");
            java.net.http.HttpResponse<String> anonymous =
                    ConsumerFixture.send(watcher, "GET", "/actuator/health", null, java.util.Map.of());
            assertThat(anonymous.statusCode()).isEqualTo(503);
            assertThat(anonymous.body())
                    .as("health details for the operator only")
                    .contains("\"status\":\"DOWN\"")
                    .doesNotContain("retryLag");
            assertThat(ConsumerFixture.http(watcher, "GET", "/actuator/health/readiness", null))
                    .startsWith("{\"status\":\"DOWN\"");
            assertThat(ConsumerFixture.http(watcher, "GET", "/actuator/health/liveness", null))
                    .startsWith("{\"status\":\"UP\"");
            assertThat(fixture.count("SELECT COUNT(*) FROM accounts")).isZero();
        }
    }
}
