package dev.tandem.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import dev.tandem.retry.dlt.DeadLetterEntry;
import dev.tandem.retry.dlt.DeadLetterFilter;
import dev.tandem.retry.dlt.DeadLetterHeaders;
import dev.tandem.retry.dlt.DeadLetterReplayer;
import dev.tandem.retry.dlt.DeadLetterSummary;
import dev.tandem.retry.dlt.DeadLetterTopic;
import dev.tandem.retry.dlt.ReplayResult;
import dev.tandem.retry.lag.LagStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Poison records mixed into batches of good ones, dead-lettered alone, then replayed once fixed. */
class PoisonRecordsIT {

    private static final int GOOD = 1_000;

    private final ConsumerFixture fixture = new ConsumerFixture();

    private static Mutation account(long id, String email) {
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(1)
                .column("email", email)
                .column("balance", id)
                .build();
    }

    @Test
    void onlyPoisonRecordsAreDeadLetteredWithTheirReasonsAndReplayAppliesThemOnceFixed() throws Exception {
        fixture.execute(
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE, balance BIGINT NOT NULL)");
        List<Mutation> good = new ArrayList<>();
        for (long id = 1; id <= GOOD; id++) {
            good.add(account(id, "user" + id + "@example.com"));
        }
        Mutation unknownColumn = Mutation.upsert("accounts")
                .key("id", 5_001L)
                .version(1)
                .column("email", "colourful@example.com")
                .column("balance", 1L)
                .column("colour", "red")
                .build();
        Mutation duplicateEmail = account(5_002, "user7@example.com");
        fixture.produce(good.subList(0, 500));
        fixture.produceRaw("accounts/id=5000", "{\"schema\":1,\"table\":");
        fixture.produce(List.of(unknownColumn, duplicateEmail));
        fixture.produce(good.subList(500, GOOD));

        try (ConfigurableApplicationContext service = fixture.start()) {
            ConsumerFixture.awaitLag(
                    service,
                    Duration.ofSeconds(120),
                    r -> r.lagRecords() == 0 && r.status() == LagStatus.OK && r.error() == null);
            assertThat(fixture.count("SELECT COUNT(*) FROM accounts")).isEqualTo(GOOD);

            DeadLetterTopic deadLetters = service.getBean(DeadLetterTopic.class);
            List<DeadLetterEntry> entries = new ArrayList<>();
            deadLetters.forEach(DeadLetterFilter.ALL, entries::add);
            assertThat(entries)
                    .extracting(DeadLetterEntry::reason, DeadLetterEntry::rowKey)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("UNDECODABLE", ""),
                            org.assertj.core.groups.Tuple.tuple("SCHEMA_MISMATCH", "id=5001"),
                            org.assertj.core.groups.Tuple.tuple("REJECTED_BY_SECONDARY", "id=5002"));
            DeadLetterEntry undecodable = entries.stream()
                    .filter(e -> e.reason().equals("UNDECODABLE"))
                    .findFirst()
                    .orElseThrow();
            assertThat(DeadLetterHeaders.text(undecodable.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                    .isEqualTo(fixture.topic);
            assertThat(DeadLetterHeaders.text(undecodable.headers(), DeadLetterHeaders.ATTEMPTS))
                    .isEqualTo("1");
            assertThat(new String(undecodable.value(), StandardCharsets.UTF_8)).isEqualTo("{\"schema\":1,\"table\":");
            assertThat(deadLetters.find(undecodable.partition(), undecodable.offset()))
                    .isPresent();

            ConsumerFixture.awaitScrape(
                    service,
                    Duration.ofSeconds(30),
                    "tandem_retry_dlt_records{" + fixture.prometheusTags(fixture.deadLetterTopic) + "} 3.0");
            assertThat(ConsumerFixture.http(service, "GET", "/actuator/prometheus", null))
                    .contains("tandem_retry_records_total{group=\"" + fixture.group
                            + "\",outcome=\"dead_lettered\",topic=\"" + fixture.topic + "\"} 3.0");

            DeadLetterSummary summary = deadLetters.summary(DeadLetterFilter.ALL);
            assertThat(summary.total()).isEqualTo(3);
            assertThat(summary.byReason()).containsKeys("UNDECODABLE", "REJECTED_BY_SECONDARY");
            assertThat(summary.byTable()).containsKey("accounts");
            // The dead letters show keys and values, replay and purge change the secondary: the operator only.
            assertThat(ConsumerFixture.send(service, "GET", "/actuator/retrydlt", null, Map.of())
                            .statusCode())
                    .isEqualTo(401);
            assertThat(ConsumerFixture.send(
                                    service,
                                    "POST",
                                    "/actuator/retrydlt",
                                    "{\"dryRun\":false}",
                                    ConsumerFixture.basic("operator", "not-the-operator-password"))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(ConsumerFixture.send(service, "POST", "/actuator/retrydlt", "{\"dryRun\":false}", Map.of())
                            .statusCode())
                    .isEqualTo(401);
            assertThat(ConsumerFixture.send(service, "DELETE", "/actuator/retrydlt", null, Map.of())
                            .statusCode())
                    .isEqualTo(401);
            assertThat(deadLetters.summary(DeadLetterFilter.ALL).total())
                    .as("nothing replayed or purged")
                    .isEqualTo(3);
            assertThat(ConsumerFixture.send(service, "GET", "/actuator/retrylag", null, Map.of())
                            .statusCode())
                    .as("the lag answers without credentials")
                    .isEqualTo(200);
            assertThat(ConsumerFixture.http(service, "GET", "/actuator/retrydlt?reason=UNDECODABLE", null))
                    .contains("\"total\":1");
            assertThat(ConsumerFixture.http(service, "GET", "/actuator/retrydlt?reason=NONSENSE", null))
                    .contains("reason 'NONSENSE' is not one of");
            assertThat(ConsumerFixture.http(
                            service,
                            "GET",
                            "/actuator/retrydlt/" + undecodable.partition() + "/" + undecodable.offset(),
                            null))
                    .contains("\"reason\":\"UNDECODABLE\"");
            assertThat(ConsumerFixture.http(service, "POST", "/actuator/retrydlt", "{\"table\":\"accounts\"}"))
                    .contains("\"matched\":2")
                    .contains("\"dryRun\":true");
            DeadLetterReplayer replayer = service.getBean(DeadLetterReplayer.class);
            DeadLetterFilter fixable =
                    DeadLetterFilter.parse("SCHEMA_MISMATCH,REJECTED_BY_SECONDARY", null, null, null);
            assertThat(replayer.replay(fixable, true, 0)).isEqualTo(new ReplayResult(2, 0, true));
            Thread.sleep(1_000);
            assertThat(fixture.count("SELECT COUNT(*) FROM accounts")).isEqualTo(GOOD);

            fixture.execute("ALTER TABLE accounts ADD COLUMN colour VARCHAR(20)");
            fixture.execute("UPDATE accounts SET email = 'user7-moved@example.com' WHERE id = 7");
            assertThat(replayer.replay(fixable, false, 50)).isEqualTo(new ReplayResult(2, 2, false));

            fixture.awaitCount(
                    "SELECT COUNT(*) FROM accounts WHERE id = 5001 AND colour = 'red'", 1, Duration.ofSeconds(60));
            fixture.awaitCount(
                    "SELECT COUNT(*) FROM accounts WHERE id = 5002 AND email = 'user7@example.com'",
                    1,
                    Duration.ofSeconds(60));
            Instant replayed = Instant.now();
            ConsumerFixture.awaitLag(
                    service,
                    Duration.ofSeconds(60),
                    r -> r.sampledAt().isAfter(replayed) && r.lagRecords() == 0 && r.status() == LagStatus.OK);
            assertThat(deadLetters.summary(DeadLetterFilter.ALL).total())
                    .as("the replayed records did not come back")
                    .isEqualTo(3);

            assertThat(deadLetters.records()).isEqualTo(3);
            assertThat(ConsumerFixture.http(service, "DELETE", "/actuator/retrydlt", null))
                    .contains("\"deleted\":3");
            assertThat(deadLetters.summary(DeadLetterFilter.ALL).total()).isZero();
            assertThat(deadLetters.records()).isZero();
            ConsumerFixture.awaitScrape(
                    service,
                    Duration.ofSeconds(30),
                    "tandem_retry_dlt_records{" + fixture.prometheusTags(fixture.deadLetterTopic) + "} 0.0");
        }
    }
}
