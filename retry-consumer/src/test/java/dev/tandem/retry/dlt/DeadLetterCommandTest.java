package dev.tandem.retry.dlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad usage only: every path here fails before the (absent) Kafka-backed collaborators are used. */
class DeadLetterCommandTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DeadLetterCommand command =
            new DeadLetterCommand(null, null, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private int run(String... args) {
        return command.run(List.of(args));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static DeadLetterCommand.Parsed parse(String... args) {
        return DeadLetterCommand.Parsed.of(List.of(args));
    }

    @Test
    void parseSeparatesPositionalArgumentsFromOptions() {
        DeadLetterCommand.Parsed parsed = parse("dlt", "replay", "--rate=2.5", "extra", "--execute", "--table=a=b");

        assertThat(parsed.command()).isEqualTo("replay");
        assertThat(parsed.positional()).containsExactly("extra");
        assertThat(parsed.options()).containsOnly(entry("rate", "2.5"), entry("execute", ""), entry("table", "a=b"));
    }

    @Test
    void parseIgnoresSpringsOptions() {
        DeadLetterCommand.Parsed parsed = parse(
                "dlt",
                "list",
                "--spring.kafka.bootstrap-servers=kafka:9092",
                "--tandem.retry.dead-letter-topic=my.dlt",
                "--logging.level.root=debug",
                "--management.server.port=0",
                "--server.port=0",
                "--spring.main.lazy-initialization",
                "--reason=UNDECODABLE");

        assertThat(parsed.options()).containsOnly(entry("reason", "UNDECODABLE"));
        assertThat(parsed.positional()).isEmpty();
    }

    @Test
    void onlyOptionsWithASpringPrefixAndDotAreSprings() {
        assertThat(DeadLetterCommand.Parsed.isSpringProperty("--spring.kafka.x=1"))
                .isTrue();
        assertThat(DeadLetterCommand.Parsed.isSpringProperty("--tandem.retry.topic=t"))
                .isTrue();
        assertThat(DeadLetterCommand.Parsed.isSpringProperty("--springfield=1")).isFalse();
        assertThat(DeadLetterCommand.Parsed.isSpringProperty("--tandem")).isFalse();
        assertThat(DeadLetterCommand.Parsed.isSpringProperty("spring.kafka.x=1"))
                .isFalse();
    }

    @Test
    void parseBuildsTheFilterFromTheFilterOptions() {
        DeadLetterFilter filter = parse(
                        "dlt",
                        "list",
                        "--reason=UNDECODABLE,SCHEMA_MISMATCH",
                        "--table=orders",
                        "--since=2026-11-21T08:00:00Z",
                        "--until=2026-11-22T08:00:00Z")
                .filter();

        assertThat(filter)
                .isEqualTo(new DeadLetterFilter(
                        Set.of("UNDECODABLE", "SCHEMA_MISMATCH"),
                        Set.of("orders"),
                        Instant.parse("2026-11-21T08:00:00Z"),
                        Instant.parse("2026-11-22T08:00:00Z")));
        assertThat(parse("dlt", "list").filter()).isEqualTo(DeadLetterFilter.ALL);
    }

    @Test
    void parseRejectsArgumentsWithoutDltAndACommand() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("dlt")).withMessage("expected 'dlt' and a command");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse("list", "dlt"))
                .withMessage("expected 'dlt' and a command");
    }

    @Test
    void allowNamesTheUnknownOptionAndTheKnownOnes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse("dlt", "purge", "--force").allow(Set.of("yes", "until")))
                .withMessage("option --force is not known to 'purge'; it takes [--until, --yes]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse("dlt", "show", "1", "2", "--force").allow(Set.of()))
                .withMessage("option --force is not known to 'show'");
    }

    @Test
    void numbersAreCheckedNamingTheArgument() {
        DeadLetterCommand.Parsed parsed = parse("dlt", "show");

        assertThat(parsed.number("OFFSET", "-3")).isEqualTo(-3L);
        assertThat(parsed.decimal("rate", "2.5")).isEqualTo(2.5);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parsed.number("OFFSET", "12x"))
                .withMessage("OFFSET must be a whole number, was '12x'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parsed.decimal("rate", "fast"))
                .withMessage("--rate must be a number, was 'fast'");
    }

    @Test
    void unknownCommandExitsWithTwoAndPrintsUsage() {
        assertThat(run("dlt", "frobnicate")).isEqualTo(2);

        assertThat(output())
                .startsWith("dlt: unknown command 'frobnicate'" + System.lineSeparator())
                .contains(DeadLetterCommand.USAGE);
    }

    @Test
    void missingCommandExitsWithTwoAndPrintsUsage() {
        assertThat(run("dlt")).isEqualTo(2);

        assertThat(output()).contains("dlt: expected 'dlt' and a command").contains(DeadLetterCommand.USAGE);
    }

    @Test
    void unknownOptionExitsWithTwo() {
        assertThat(run("dlt", "list", "--reasons=UNDECODABLE")).isEqualTo(2);

        assertThat(output())
                .contains(
                        "dlt: option --reasons is not known to 'list'; it takes [--reason, --since, --table, --until]");
    }

    @Test
    void positionalArgumentToListExitsWithTwo() {
        assertThat(run("dlt", "list", "orders")).isEqualTo(2);

        assertThat(output()).contains("dlt: 'list' takes no arguments besides options, got [orders]");
    }

    @Test
    void unknownReasonExitsWithTwo() {
        assertThat(run("dlt", "list", "--reason=BOGUS")).isEqualTo(2);

        assertThat(output()).contains("dlt: reason 'BOGUS' is not one of [");
    }

    @Test
    void badInstantExitsWithTwo() {
        assertThat(run("dlt", "replay", "--since=today")).isEqualTo(2);

        assertThat(output()).contains("dlt: since 'today' is not an ISO-8601 instant");
    }

    @Test
    void nonNumericRateExitsWithTwo() {
        assertThat(run("dlt", "replay", "--rate=fast", "--execute")).isEqualTo(2);

        assertThat(output()).contains("dlt: --rate must be a number, was 'fast'");
    }

    @Test
    void purgeWithoutYesExitsWithTwo() {
        assertThat(run("dlt", "purge", "--until=2026-11-21T08:00:00Z")).isEqualTo(2);

        assertThat(output()).contains("dlt: purge deletes records for good; confirm with --yes");
    }

    @Test
    void springOptionsDoNotCountAsConfirmationOrAsUnknownOptions() {
        assertThat(run("dlt", "purge", "--spring.kafka.bootstrap-servers=kafka:9092", "--tandem.yes"))
                .isEqualTo(2);

        assertThat(output()).contains("confirm with --yes").doesNotContain("is not known");
    }

    @Test
    void purgeTakesNoFilterButUntil() {
        assertThat(run("dlt", "purge", "--reason=UNDECODABLE", "--yes")).isEqualTo(2);

        assertThat(output()).contains("dlt: option --reason is not known to 'purge'; it takes [--until, --yes]");
    }

    @Test
    void purgeWithBadUntilExitsWithTwo() {
        assertThat(run("dlt", "purge", "--until=never", "--yes")).isEqualTo(2);

        assertThat(output()).contains("dlt: until 'never' is not an ISO-8601 instant");
    }

    @Test
    void showWithoutPartitionAndOffsetExitsWithTwo() {
        assertThat(run("dlt", "show", "3")).isEqualTo(2);
        assertThat(run("dlt", "show")).isEqualTo(2);
        assertThat(run("dlt", "show", "1", "2", "3")).isEqualTo(2);

        assertThat(output())
                .contains("dlt: show needs PARTITION and OFFSET, got [3]")
                .contains("dlt: show needs PARTITION and OFFSET, got []")
                .contains("dlt: show needs PARTITION and OFFSET, got [1, 2, 3]");
    }

    @Test
    void showWithAnOptionExitsWithTwo() {
        assertThat(run("dlt", "show", "1", "2", "--table=orders")).isEqualTo(2);

        assertThat(output()).contains("dlt: option --table is not known to 'show'");
    }

    @Test
    void showWithNonNumericPartitionOrOffsetExitsWithTwo() {
        assertThat(run("dlt", "show", "0", "latest")).isEqualTo(2);
        assertThat(run("dlt", "show", "p0", "5")).isEqualTo(2);

        assertThat(output())
                .contains("dlt: OFFSET must be a whole number, was 'latest'")
                .contains("dlt: PARTITION must be a whole number, was 'p0'");
    }

    @Test
    void showWithPartitionBeyondIntRangeExitsWithTwo() {
        assertThat(run("dlt", "show", "4294967296", "5")).isEqualTo(2);

        assertThat(output()).contains("PARTITION");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list --bogus", "purge", "show 1", "show 0 latest", "replay --rate=fast"})
    void badUsageInsideACommandPrintsUsage(String args) {
        String[] words = ("dlt " + args).split(" ");

        assertThat(run(words)).isEqualTo(2);

        assertThat(output()).contains(DeadLetterCommand.USAGE);
    }
}
