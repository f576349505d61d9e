package dev.tandem.cli.dlt;

import dev.tandem.cli.ExitCode;
import dev.tandem.cli.HelpOption;
import dev.tandem.cli.Invocation;
import dev.tandem.cli.ServiceContext;
import dev.tandem.retry.RetryConsumerApplication;
import dev.tandem.retry.dlt.DeadLetterFilter;
import dev.tandem.retry.dlt.DeadLetterReplayer;
import dev.tandem.retry.dlt.DeadLetterSummary;
import dev.tandem.retry.dlt.DeadLetterTopic;
import dev.tandem.retry.dlt.DeadLetterTopicException;
import dev.tandem.retry.dlt.DeadLetterView;
import dev.tandem.retry.dlt.ReplayResult;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.kafka.common.KafkaException;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tandem dlt list|show|replay|purge}: the retry consumer's dead-letter topic. Kafka is
 * configured as for the service ({@code --spring.kafka.bootstrap-servers=…} or the environment).
 */
@Command(
        name = "dlt",
        description = {
            "The dead-letter topic of the retry consumer: list, show, replay (a dry run unless --execute), purge.",
            "Kafka is configured as for the service: --spring.kafka.bootstrap-servers=…,"
                    + " --tandem.retry.dead-letter-topic=… or the environment."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:no record there (show)", "2:bad usage or configuration", "3:Kafka failed"})
public final class DeadLetterCommand implements Callable<ExitCode> {

    /** The retry consumer's Kafka side only: no consumers, no lag sampling, no secondary. */
    static final ServiceContext CONTEXT = new ServiceContext(
            "retry consumer",
            List.of(RetryConsumerApplication.class),
            Map.of(
                    "tandem.retry.consume", "false",
                    "tandem.retry.lag.enabled", "false",
                    "spring.autoconfigure.exclude",
                            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"));

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    private final Invocation invocation;

    DeadLetterCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public ExitCode call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "list", description = "Count the dead letters by reason and by table.")
    ExitCode list(@Mixin HelpOption help, @Mixin FilterOptions filters, @Mixin KafkaTimeoutOption timeout) {
        DeadLetterFilter filter = filters.filter(command("list"));
        return withDeadLetters("list", timeout, topic -> {
            DeadLetterSummary summary = topic.summary(filter);
            PrintWriter out = out();
            out.printf("%s: %d dead letters%n", summary.topic(), summary.total());
            out.println("by reason:");
            summary.byReason().forEach((reason, count) -> out.printf("  %-28s %d%n", reason, count));
            out.println("by table:");
            summary.byTable().forEach((table, count) -> out.printf("  %-28s %d%n", table, count));
            return ExitCode.OK;
        });
    }

    @Command(name = "show", description = "One record, decoded, with its headers.")
    ExitCode show(
            @Mixin HelpOption help,
            @Parameters(index = "0", paramLabel = "PARTITION", description = "The record's partition.") int partition,
            @Parameters(index = "1", paramLabel = "OFFSET", description = "The record's offset.") long offset,
            @Mixin KafkaTimeoutOption timeout) {
        if (partition < 0) {
            throw new ParameterException(
                    command("show"), "PARTITION must be between 0 and " + Integer.MAX_VALUE + ", was " + partition);
        }
        return withDeadLetters("show", timeout, topic -> topic.find(partition, offset)
                .map(entry -> {
                    DeadLetterView view = DeadLetterView.of(entry, topic.name());
                    PrintWriter out = out();
                    out.println("position:         " + view.position());
                    out.println("dead-lettered at: " + view.deadLetteredAt());
                    out.println("reason:           " + view.reason());
                    out.println("table:            " + view.table());
                    out.println("row key:          " + view.rowKey());
                    out.println("headers:");
                    view.headers().forEach((k, v) -> out.println("  " + k + ": " + v));
                    out.println("payload:");
                    out.println("  " + view.payload());
                    return ExitCode.OK;
                })
                .orElseGet(() -> {
                    out().println("dlt: no record at " + topic.name() + "-" + partition + "@" + offset);
                    return ExitCode.DIFFERENCES;
                }));
    }

    @Command(
            name = "replay",
            description = "Publish matching dead letters to the retry topic again (a dry run unless --execute).")
    ExitCode replay(
            @Mixin HelpOption help,
            @Mixin FilterOptions filters,
            @Option(
                            names = "--rate",
                            paramLabel = "PER_SECOND",
                            defaultValue = "0",
                            description = "Records per second at most; 0 for no limit.")
                    double rate,
            @Option(names = "--execute", description = "Replay them; without it, only count them.") boolean execute,
            @Mixin KafkaTimeoutOption timeout) {
        DeadLetterFilter filter = filters.filter(command("replay"));
        return inContext("replay", timeout, context -> {
            ReplayResult result = context.getBean(DeadLetterReplayer.class).replay(filter, !execute, rate);
            if (result.dryRun()) {
                out().printf(
                                "dry run: %d dead letters would be replayed; add --execute to replay them%n",
                                result.matched());
            } else {
                out().printf("replayed %d of %d matching dead letters%n", result.replayed(), result.matched());
            }
            return ExitCode.OK;
        });
    }

    @Command(name = "purge", description = "Delete dead letters for good (whole partition prefixes).")
    ExitCode purge(
            @Mixin HelpOption help,
            @Option(
                            names = "--until",
                            paramLabel = "ISO-8601",
                            description = "Only records written before this instant.")
                    String until,
            @Option(names = "--yes", description = "Confirm: purged records are gone.") boolean yes,
            @Mixin KafkaTimeoutOption timeout) {
        if (!yes) {
            throw new ParameterException(command("purge"), "purge deletes records for good; confirm with --yes");
        }
        Instant before =
                FilterOptions.filter(command("purge"), null, null, null, until).until();
        return withDeadLetters("purge", timeout, topic -> {
            long deleted = topic.purge(before);
            out().printf(
                            "purged %d records from %s%s%n",
                            deleted, topic.name(), before == null ? "" : " written before " + before);
            return ExitCode.OK;
        });
    }

    private ExitCode withDeadLetters(
            String command, KafkaTimeoutOption timeout, Function<DeadLetterTopic, ExitCode> action) {
        return inContext(command, timeout, context -> action.apply(context.getBean(DeadLetterTopic.class)));
    }

    /** Runs {@code action} in the retry consumer's context; a Kafka failure names the address it tried. */
    private ExitCode inContext(
            String command, KafkaTimeoutOption timeout, Function<ConfigurableApplicationContext, ExitCode> action) {
        ServiceContext bounded = CONTEXT.withProperties(timeout.properties(command(command)));
        try (ConfigurableApplicationContext context = invocation.open(bounded)) {
            try {
                return action.apply(context);
            } catch (DeadLetterTopicException | KafkaException e) {
                throw new IllegalStateException(brokers(context) + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Which Kafka the command tried and where that came from, e.g. {@code Kafka at localhost:9092 (the
     * default; set --spring.kafka.bootstrap-servers=HOST:PORT or SPRING_KAFKA_BOOTSTRAP_SERVERS)}.
     */
    private static String brokers(ConfigurableApplicationContext context) {
        String address = String.join(",", context.getBean(KafkaProperties.class).getBootstrapServers());
        boolean configured = context.getEnvironment().containsProperty("spring.kafka.bootstrap-servers");
        return "Kafka at " + address
                + (configured
                        ? " (spring.kafka.bootstrap-servers)"
                        : " (the default; set --spring.kafka.bootstrap-servers=HOST:PORT"
                                + " or SPRING_KAFKA_BOOTSTRAP_SERVERS)");
    }

    /** The subcommand {@code name}, whose usage a usage error prints. */
    private CommandLine command(String name) {
        return spec.commandLine().getSubcommands().get(name);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
