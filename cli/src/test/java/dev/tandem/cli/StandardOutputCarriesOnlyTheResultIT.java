package dev.tandem.cli;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import dev.tandem.testkit.StorePair;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every command, run as its own process against real stores and a real broker: standard output holds
 * the result only (so {@code tandem run | tee report.txt} is the report), logs go to standard error,
 * and the exit status is the shared one.
 */
class StandardOutputCarriesOnlyTheResultIT {

    /** A line of the command line's log pattern: {@code 03:12:45.123 INFO  dev.tandem… - …}. */
    private static final Pattern LOG_LINE =
            Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO|WARN|ERROR)\\b");

    private final StorePair stores = StorePair.fresh("cliout");
    private final EmbeddedKafka kafka = EmbeddedServices.kafka();

    @Test
    void runRunsAndShowPrintTheReportOnStandardOutputAndLogOnStandardError() throws Exception {
        execute(stores.primary, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL)");
        execute(stores.secondary, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner TEXT NOT NULL)");
        execute(stores.primary, "INSERT INTO accounts VALUES (1, 'ada'), (2, 'bob')");
        execute(stores.secondary, "INSERT INTO accounts VALUES (1, 'ada'), (2, 'rob')");
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.settle", "100ms");
        properties.put("tandem.reconciler.tables[0].name", "accounts");

        TandemProcess.Result run = TandemProcess.run(180, StorePair.arguments(properties, "run"));

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertResultOnly(run);
        assertThat(run.out()).contains("accounts").contains("DIFFERENCES");
        assertThat(run.err()).as("the run logs on standard error").containsPattern(LOG_LINE);

        TandemProcess.Result runs = TandemProcess.run(120, StorePair.arguments(properties, "runs"));
        assertThat(runs.status()).as(runs.err()).isZero();
        assertResultOnly(runs);
        assertThat(runs.out()).startsWith("RUN ").contains("DIFFERENCES");
        String id = runs.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];

        TandemProcess.Result show = TandemProcess.run(120, StorePair.arguments(properties, "show", id));
        assertThat(show.status()).as(show.err()).isEqualTo(1);
        assertResultOnly(show);
        assertThat(show.out())
                .isEqualTo(run.out().replace(run.out(), show.out()))
                .contains("accounts");

        TandemProcess.Result none = TandemProcess.run(120, StorePair.arguments(properties, "show", "999999"));
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("No run 999999");
    }

    @Test
    void backfillPrintsItsSummaryOnStandardOutput() throws Exception {
        execute(
                stores.primary,
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40), version BIGINT NOT NULL)");
        execute(stores.secondary, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner TEXT, version BIGINT NOT NULL)");
        execute(stores.primary, "INSERT INTO accounts VALUES (1, 'ada', 1), (2, 'bob', 1), (3, 'cy', 2)");
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.settle", "100ms");
        properties.put("tandem.reconciler.tables[0].name", "accounts");
        properties.put("tandem.reconciler.tables[0].version-column", "version");
        properties.put("tandem.backfill.verify-settle", "100ms");

        TandemProcess.Result backfill = TandemProcess.run(180, StorePair.arguments(properties, "backfill"));

        assertThat(backfill.status()).as(backfill.err()).isZero();
        assertResultOnly(backfill);
        assertThat(backfill.out()).contains("accounts");
        assertThat(backfill.err()).containsPattern(LOG_LINE);
    }

    @Test
    void dltListAndMigrationStatusPrintTheirResultOnStandardOutput() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String deadLetters = "tandem.retry." + id + ".dlt";
        kafka.createTopic(deadLetters, 1);
        String controlTopic = "tandem.control." + id;

        TandemProcess.Result list = TandemProcess.run(
                120,
                "dlt",
                "list",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--tandem.retry.dead-letter-topic=" + deadLetters);
        assertThat(list.status()).as(list.err()).isZero();
        assertResultOnly(list);
        assertThat(list.out()).startsWith(deadLetters + ": 0 dead letters");
        String[] dlt = {
            "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            "--tandem.retry.dead-letter-topic=" + deadLetters
        };
        TandemProcess.Result show = TandemProcess.run(120, with(dlt, "dlt", "show", "0", "5"));
        assertThat(show.status()).as(show.err()).isEqualTo(1);
        assertResultOnly(show);
        assertThat(show.out()).isEqualTo("dlt: no record at " + deadLetters + "-0@5\n");
        TandemProcess.Result replay = TandemProcess.run(120, with(dlt, "dlt", "replay"));
        assertThat(replay.status()).as(replay.err()).isZero();
        assertResultOnly(replay);
        assertThat(replay.out()).isEqualTo("dry run: 0 dead letters would be replayed; add --execute to replay them\n");
        TandemProcess.Result purge = TandemProcess.run(120, with(dlt, "dlt", "purge", "--yes"));
        assertThat(purge.status()).as(purge.err()).isZero();
        assertResultOnly(purge);
        assertThat(purge.out()).startsWith("purged 0 records from " + deadLetters);

        String[] target = {
            "--bootstrap-servers=" + kafka.bootstrapServers(), "--migration=orders", "--control-topic=" + controlTopic
        };
        TandemProcess.Result set = TandemProcess.run(120, with(target, "migration", "set", "SHADOW_READ", "10"));
        assertThat(set.status()).as(set.err()).isZero();
        assertResultOnly(set);
        assertThat(set.out()).startsWith("Now ").contains("SHADOW_READ");

        TandemProcess.Result status = TandemProcess.run(120, with(target, "migration", "status"));
        assertThat(status.status()).as(status.err()).isZero();
        assertResultOnly(status);
        assertThat(status.out()).startsWith("Phase: ").contains("SHADOW_READ");

        TandemProcess.Result audit = TandemProcess.run(120, with(target, "migration", "audit"));
        assertThat(audit.status()).as(audit.err()).isZero();
        assertResultOnly(audit);
        assertThat(audit.out()).contains("SHADOW_READ");

        TandemProcess.Result refused = TandemProcess.run(120, with(target, "migration", "cutover"));
        assertThat(refused.status()).as(refused.err()).isEqualTo(1);
        assertThat(refused.out()).doesNotContainPattern(LOG_LINE);
        assertThat(refused.err()).contains("Refused: ");

        TandemProcess.Result rollback = TandemProcess.run(120, with(target, "migration", "rollback"));
        assertThat(rollback.status()).as(rollback.err()).isEqualTo(1);
        assertThat(rollback.out()).doesNotContainPattern(LOG_LINE);
        assertThat(rollback.err()).contains("Refused: ");

        TandemProcess.Result abort = TandemProcess.run(120, with(target, "migration", "abort"));
        assertThat(abort.status()).as(abort.err()).isEqualTo(1);
        assertThat(abort.out()).doesNotContainPattern(LOG_LINE);
        assertThat(abort.err()).contains("Refused: ").contains("no cutover in progress");
    }

    @Test
    void aConfiguredTableThatDoesNotExistFailsTheRunInOneLogLineWithoutAStackTrace() throws Exception {
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.tables[0].name", "ghost");

        TandemProcess.Result run = TandemProcess.run(180, StorePair.arguments(properties, "run"));

        assertThat(run.status()).as(run.err()).isEqualTo(3);
        assertResultOnly(run);
        assertThat(run.out()).contains("ghost").contains("FAILED");
        assertThat(run.err()).contains("table ghost could not be compared: ").doesNotContain("\tat ");
    }

    private static void assertResultOnly(TandemProcess.Result result) {
        assertThat(result.out()).as("standard output holds no log line").doesNotContainPattern(LOG_LINE);
        assertThat(result.out()).doesNotContain("INFO", "WARN", "HikariPool");
    }

    private static String[] with(String[] options, String... command) {
        String[] all = new String[command.length + options.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(options, 0, all, command.length, options.length);
        return all;
    }
}
