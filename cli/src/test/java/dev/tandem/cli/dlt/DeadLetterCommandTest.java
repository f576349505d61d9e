package dev.tandem.cli.dlt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Console;
import dev.tandem.retry.dlt.DeadLetterFilter;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Bad usage only: every path here fails before the retry consumer's context is opened. */
class DeadLetterCommandTest {

    private final Console command = new Console();

    private int run(String... args) {
        return command.run(args);
    }

    private String output() {
        return command.err();
    }

    @AfterEach
    void noContextWasOpened() {
        assertThat(command.opened()).isEmpty();
    }

    @Test
    void filterOptionsBuildTheFilter() {
        FilterOptions options = new FilterOptions();
        CommandLine line = new CommandLine(options);
        line.parseArgs(
                "--reason=UNDECODABLE,SCHEMA_MISMATCH",
                "--table=orders",
                "--since=2026-11-21T08:00:00Z",
                "--until=2026-11-22T08:00:00Z");

        assertThat(options.filter(line))
                .isEqualTo(new DeadLetterFilter(
                        Set.of("UNDECODABLE", "SCHEMA_MISMATCH"),
                        Set.of("orders"),
                        Instant.parse("2026-11-21T08:00:00Z"),
                        Instant.parse("2026-11-22T08:00:00Z")));
        FilterOptions none = new FilterOptions();
        assertThat(none.filter(new CommandLine(none))).isEqualTo(DeadLetterFilter.ALL);
    }

    @Test
    void unknownCommandExitsWithTwo() {
        assertThat(run("dlt", "frobnicate")).isEqualTo(2);

        assertThat(output()).contains("Unmatched argument at index 1: 'frobnicate'");
    }

    @Test
    void missingCommandExitsWithTwoAndPrintsUsage() {
        assertThat(run("dlt")).isEqualTo(2);

        assertThat(output()).contains("Missing required subcommand").contains("Usage: tandem dlt");
    }

    @Test
    void unknownOptionExitsWithTwo() {
        assertThat(run("dlt", "list", "--reasons=UNDECODABLE")).isEqualTo(2);

        assertThat(output()).contains("Unknown option: '--reasons=UNDECODABLE'");
    }

    @Test
    void positionalArgumentToListExitsWithTwo() {
        assertThat(run("dlt", "list", "orders")).isEqualTo(2);

        assertThat(output()).contains("Unmatched argument at index 2: 'orders'");
    }

    @Test
    void unknownReasonExitsWithTwo() {
        assertThat(run("dlt", "list", "--reason=BOGUS")).isEqualTo(2);

        assertThat(output()).contains("reason 'BOGUS' is not one of [");
    }

    @Test
    void badInstantExitsWithTwo() {
        assertThat(run("dlt", "replay", "--since=today")).isEqualTo(2);

        assertThat(output()).contains("since 'today' is not an ISO-8601 instant");
    }

    @Test
    void nonNumericRateExitsWithTwo() {
        assertThat(run("dlt", "replay", "--rate=fast", "--execute")).isEqualTo(2);

        assertThat(output()).contains("Invalid value for option '--rate': 'fast' is not a double");
    }

    @Test
    void aKafkaTimeoutOutOfRangeOrNotADurationExitsWithTwo() {
        assertThat(run("dlt", "list", "--kafka-timeout=10ms")).isEqualTo(2);
        assertThat(output()).contains("--kafka-timeout must be between 100ms and 1h, was PT0.01S");

        assertThat(run("dlt", "show", "0", "1", "--kafka-timeout=soon")).isEqualTo(2);
        assertThat(output()).contains("'soon' is not a duration such as 500ms, 10s or PT1M");
    }

    @Test
    void purgeWithoutYesExitsWithTwo() {
        assertThat(run("dlt", "purge", "--until=2026-11-21T08:00:00Z")).isEqualTo(2);

        assertThat(output()).contains("purge deletes records for good; confirm with --yes");
    }

    @Test
    void springOptionsDoNotCountAsConfirmationOrAsUnknownOptions() {
        assertThat(run("dlt", "purge", "--spring.kafka.bootstrap-servers=kafka:9092", "--tandem.yes"))
                .isEqualTo(2);

        assertThat(output()).contains("confirm with --yes").doesNotContain("Unknown option");
    }

    @Test
    void purgeTakesNoFilterButUntil() {
        assertThat(run("dlt", "purge", "--reason=UNDECODABLE", "--yes")).isEqualTo(2);

        assertThat(output()).contains("Unknown option: '--reason=UNDECODABLE'");
    }

    @Test
    void purgeWithBadUntilExitsWithTwo() {
        assertThat(run("dlt", "purge", "--until=never", "--yes")).isEqualTo(2);

        assertThat(output()).contains("until 'never' is not an ISO-8601 instant");
    }

    @Test
    void showWithoutPartitionAndOffsetExitsWithTwo() {
        assertThat(run("dlt", "show", "3")).isEqualTo(2);
        assertThat(run("dlt", "show")).isEqualTo(2);
        assertThat(run("dlt", "show", "1", "2", "3")).isEqualTo(2);

        assertThat(output())
                .contains("Missing required parameter: 'OFFSET'")
                .contains("Missing required parameters: 'PARTITION', 'OFFSET'")
                .contains("Unmatched argument at index 4: '3'");
    }

    @Test
    void showWithAnOptionExitsWithTwo() {
        assertThat(run("dlt", "show", "1", "2", "--table=orders")).isEqualTo(2);

        assertThat(output()).contains("Unknown option: '--table=orders'");
    }

    @Test
    void showWithNonNumericPartitionOrOffsetExitsWithTwo() {
        assertThat(run("dlt", "show", "0", "latest")).isEqualTo(2);
        assertThat(run("dlt", "show", "p0", "5")).isEqualTo(2);

        assertThat(output()).contains("(OFFSET): 'latest' is not a long").contains("(PARTITION): 'p0' is not an int");
    }

    @Test
    void showWithPartitionBeyondIntRangeOrNegativeExitsWithTwo() {
        assertThat(run("dlt", "show", "4294967296", "5")).isEqualTo(2);
        assertThat(run("dlt", "show", "-1", "5")).isEqualTo(2);

        assertThat(output()).contains("PARTITION").contains("PARTITION must be between 0 and 2147483647, was -1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list --bogus", "purge", "show 1", "show 0 latest", "replay --rate=fast"})
    void badUsageInsideACommandPrintsUsage(String args) {
        String[] words = ("dlt " + args).split(" ");

        assertThat(run(words)).isEqualTo(2);

        assertThat(output()).contains("Usage: tandem dlt " + words[1]);
    }
}
