package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** The command tree: help, usage errors before any context, properties handed to the context. */
class TandemTest {

    private final Console console = new Console();

    static Stream<Arguments> commandsAndTheirOptions() {
        return Stream.of(
                Arguments.of("", List.of("run", "runs", "show", "backfill", "dlt", "migration", "Exit status")),
                Arguments.of("run", List.of("--tables", "--full", "--repair", "--execute", "--email", "--help")),
                Arguments.of("runs", List.of("--limit")),
                Arguments.of("show", List.of("RUN_ID")),
                Arguments.of("backfill", List.of("--tables", "--restart", "verification failed")),
                Arguments.of("dlt", List.of("list", "show", "replay", "purge")),
                Arguments.of("dlt list", List.of("--reason", "--table", "--since", "--until")),
                Arguments.of("dlt show", List.of("PARTITION", "OFFSET")),
                Arguments.of("dlt replay", List.of("--reason", "--rate", "--execute")),
                Arguments.of("dlt purge", List.of("--until", "--yes")),
                Arguments.of("migration", List.of("status", "set", "cutover", "rollback", "abort", "audit")),
                Arguments.of(
                        "migration status",
                        List.of(
                                "--bootstrap-servers",
                                "--migration",
                                "--control-topic",
                                "--retry-topics",
                                "--dead-letter-topics",
                                "--max-mismatch-rate",
                                "--max-write-hold",
                                "--instance-timeout",
                                "--by",
                                "--reason",
                                "--no-reconcile-gate")),
                Arguments.of("migration set", List.of("PHASE", "PERCENT", "--bootstrap-servers")),
                Arguments.of("migration cutover", List.of("--max-write-hold")),
                Arguments.of("migration rollback", List.of("--max-write-hold")),
                Arguments.of("migration abort", List.of("--reason")),
                Arguments.of("migration audit", List.of("--limit")));
    }

    @ParameterizedTest(name = "tandem {0} --help")
    @MethodSource("commandsAndTheirOptions")
    void helpOfEveryCommandExitsZeroAndNamesItsOptions(String command, List<String> named) {
        String[] args = Stream.concat(Stream.of(command.split(" ")).filter(w -> !w.isEmpty()), Stream.of("--help"))
                .toArray(String[]::new);

        assertThat(console.run(args)).as(console.err()).isZero();

        assertThat(console.out()).startsWith("Usage: tandem").contains(named);
        assertThat(console.opened()).isEmpty();
    }

    @Test
    void helpCommandPrintsTheUsageOfTheCommandNamed() {
        assertThat(console.run("help", "backfill")).isZero();

        assertThat(console.out()).startsWith("Usage: tandem backfill").contains("--restart");
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of(), "Missing required subcommand"),
                Arguments.of(List.of("rn"), "'rn'"),
                Arguments.of(List.of("run", "--repiar"), "Unknown option: '--repiar'"),
                Arguments.of(List.of("run", "--tables"), "Missing required parameter for option '--tables'"),
                Arguments.of(List.of("run", "--execute"), "--execute only goes with --repair"),
                Arguments.of(List.of("runs", "--limit=0"), "must be a positive whole number, was '0'"),
                Arguments.of(List.of("show"), "Missing required parameter: 'RUN_ID'"),
                Arguments.of(List.of("backfill", "--tables=a", "--force"), "Unknown option: '--force'"),
                Arguments.of(List.of("dlt"), "Missing required subcommand"),
                Arguments.of(List.of("dlt", "purge"), "confirm with --yes"),
                Arguments.of(List.of("migration", "set", "SHADOW_READ"), "Missing required options"),
                Arguments.of(
                        List.of("migration", "set", "SIDEWAYS", "--bootstrap-servers=x:9092", "--migration=m"),
                        "'SIDEWAYS'"),
                Arguments.of(
                        List.of(
                                "migration",
                                "status",
                                "--bootstrap-servers=x:9092",
                                "--migration=m",
                                "--max-write-hold=soon"),
                        "'soon' is not a duration"));
    }

    @ParameterizedTest(name = "tandem {0}")
    @MethodSource("usageErrors")
    void usageErrorsExitTwoWithPicocliMessageBeforeAnyContextOpens(List<String> args, String message) {
        assertThat(console.run(args.toArray(String[]::new))).as(console.err()).isEqualTo(2);

        assertThat(console.err()).contains(message);
        assertThat(console.opened()).as("no Spring context was started").isEmpty();
    }

    @Test
    void configurationPropertiesAreLeftOutOfParsingAndHandedToTheContext() {
        int status = console.run(
                "run", "--tandem.reconciler.primary.url=jdbc:mysql://x/y", "--tables=payments", "--spring.mail.host=x");

        assertThat(status).isEqualTo(3);
        assertThat(console.err()).contains("Failed: no context in this test");
        assertThat(console.opened()).extracting(ServiceContext::name).containsExactly("reconciler");
        assertThat(console.opened().get(0).properties()).containsEntry("tandem.reconciler.schedule.enabled", "false");
        assertThat(console.properties())
                .containsExactly(List.of("--tandem.reconciler.primary.url=jdbc:mysql://x/y", "--spring.mail.host=x"));
    }

    @Test
    void eachCommandOpensOnlyTheContextItNeeds() {
        console.run("backfill");
        console.run("dlt", "list");

        assertThat(console.opened()).extracting(ServiceContext::name).containsExactly("backfill", "retry consumer");
        assertThat(console.opened().get(0).sources())
                .extracting(Class::getSimpleName)
                .containsExactly("ReconcilerApplication", "StoreConnections", "BackfillConfiguration");
        assertThat(console.opened().get(1).sources())
                .extracting(Class::getSimpleName)
                .containsExactly("RetryConsumerApplication");
        assertThat(console.opened().get(1).properties())
                .containsEntry("tandem.retry.consume", "false")
                .containsEntry("tandem.retry.lag.enabled", "false");
    }

    @Test
    void runsAndShowOpenOnlyTheRunStoreAndRunTheReconciler() {
        console.run("runs");
        console.run("show", "7");
        console.run("run");

        assertThat(console.opened())
                .extracting(ServiceContext::name)
                .containsExactly("run store", "run store", "reconciler");
        assertThat(console.opened().get(0).sources())
                .extracting(Class::getSimpleName)
                .containsExactly("RunStoreConfiguration", "StoreConnections");
        assertThat(console.opened().get(2).sources())
                .extracting(Class::getSimpleName)
                .containsExactly("ReconcilerApplication", "StoreConnections");
    }

    @Test
    void aContextThatDoesNotStartIsAUsageErrorOnOneLine() {
        console.failingWith(new StartupFailure("tandem.reconciler.secondary: could not connect to x:\n refused", null));

        assertThat(console.run("runs")).isEqualTo(2);

        assertThat(console.out()).isEmpty();
        assertThat(console.err()).isEqualTo("Error: tandem.reconciler.secondary: could not connect to x: refused\n");
    }

    @Test
    void configurationTheContextRefusesIsAUsageError() {
        console.failingWith(new InvalidConfigurationPropertyValueException(
                "tandem.backfill.workers", 9, "9 workers need pools of at least 10 connections"));

        assertThat(console.run("backfill")).isEqualTo(2);

        assertThat(console.err()).contains("Error: ").contains("tandem.backfill.workers");
    }
}
