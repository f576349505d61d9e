package dev.tandem.retry.dlt;

import java.io.PrintStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code dlt} command line of the service jar:
 *
 * <pre>
 * java -jar tandem-retry-consumer.jar dlt list    [--reason=R,…] [--table=T,…] [--since=ISO] [--until=ISO]
 * java -jar tandem-retry-consumer.jar dlt show    PARTITION OFFSET
 * java -jar tandem-retry-consumer.jar dlt replay  [filters] [--rate=N] [--execute]   (a dry run without --execute)
 * java -jar tandem-retry-consumer.jar dlt purge   [--until=ISO] --yes
 * </pre>
 *
 * Kafka is configured as for the service ({@code --spring.kafka.bootstrap-servers=…} or the
 * environment). Exit status 0 on success, 1 when Kafka failed or a record was not found, 2 on bad usage.
 */
public final class DeadLetterCommand {

    static final String USAGE =
            """
            usage: dlt list    [--reason=R,...] [--table=T,...] [--since=ISO-8601] [--until=ISO-8601]
                   dlt show    PARTITION OFFSET
                   dlt replay  [--reason=R,...] [--table=T,...] [--since=...] [--until=...] [--rate=PER_SECOND] [--execute]
                   dlt purge   [--until=ISO-8601] --yes
            replay is a dry run unless --execute is given; purge deletes whole partition prefixes.""";

    private static final Set<String> FILTER_OPTIONS = Set.of("reason", "table", "since", "until");

    private final DeadLetterTopic deadLetters;
    private final DeadLetterReplayer replayer;
    private final PrintStream out;

    public DeadLetterCommand(DeadLetterTopic deadLetters, DeadLetterReplayer replayer, PrintStream out) {
        this.deadLetters = deadLetters;
        this.replayer = replayer;
        this.out = out;
    }

    /** Runs {@code args} (starting with {@code dlt}) and returns the exit status. */
    public int run(List<String> args) {
        Parsed parsed;
        try {
            parsed = Parsed.of(args);
        } catch (IllegalArgumentException e) {
            out.println("dlt: " + e.getMessage());
            out.println(USAGE);
            return 2;
        }
        try {
            return switch (parsed.command()) {
                case "list" -> list(parsed);
                case "show" -> show(parsed);
                case "replay" -> replay(parsed);
                case "purge" -> purge(parsed);
                default -> throw new IllegalStateException(parsed.command());
            };
        } catch (IllegalArgumentException e) {
            out.println("dlt: " + e.getMessage());
            out.println(USAGE);
            return 2;
        } catch (DeadLetterTopicException e) {
            out.println("dlt: " + e.getMessage());
            return 1;
        }
    }

    private int list(Parsed parsed) {
        parsed.allow(FILTER_OPTIONS);
        DeadLetterSummary summary = deadLetters.summary(parsed.filter());
        out.printf("%s: %d dead letters%n", summary.topic(), summary.total());
        out.println("by reason:");
        summary.byReason().forEach((reason, count) -> out.printf("  %-28s %d%n", reason, count));
        out.println("by table:");
        summary.byTable().forEach((table, count) -> out.printf("  %-28s %d%n", table, count));
        return 0;
    }

    private int show(Parsed parsed) {
        parsed.allow(Set.of());
        if (parsed.positional().size() != 2) {
            throw new IllegalArgumentException("show needs PARTITION and OFFSET, got " + parsed.positional());
        }
        long partitionNumber = parsed.number("PARTITION", parsed.positional().get(0));
        if (partitionNumber < 0 || partitionNumber > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "PARTITION must be between 0 and " + Integer.MAX_VALUE + ", was " + partitionNumber);
        }
        int partition = (int) partitionNumber;
        long offset = parsed.number("OFFSET", parsed.positional().get(1));
        return deadLetters
                .find(partition, offset)
                .map(entry -> {
                    DeadLetterView view = DeadLetterView.of(entry, deadLetters.name());
                    out.println("position:         " + view.position());
                    out.println("dead-lettered at: " + view.deadLetteredAt());
                    out.println("reason:           " + view.reason());
                    out.println("table:            " + view.table());
                    out.println("row key:          " + view.rowKey());
                    out.println("headers:");
                    view.headers().forEach((k, v) -> out.println("  " + k + ": " + v));
                    out.println("payload:");
                    out.println("  " + view.payload());
                    return 0;
                })
                .orElseGet(() -> {
                    out.println("dlt: no record at " + deadLetters.name() + "-" + partition + "@" + offset);
                    return 1;
                });
    }

    private int replay(Parsed parsed) {
        Set<String> allowed = new java.util.HashSet<>(FILTER_OPTIONS);
        allowed.addAll(Set.of("rate", "execute"));
        parsed.allow(allowed);
        boolean execute = parsed.flag("execute");
        double rate = parsed.options().containsKey("rate")
                ? parsed.decimal("rate", parsed.options().get("rate"))
                : 0;
        ReplayResult result = replayer.replay(parsed.filter(), !execute, rate);
        if (result.dryRun()) {
            out.printf("dry run: %d dead letters would be replayed; add --execute to replay them%n", result.matched());
        } else {
            out.printf("replayed %d of %d matching dead letters%n", result.replayed(), result.matched());
        }
        return 0;
    }

    private int purge(Parsed parsed) {
        parsed.allow(Set.of("until", "yes"));
        if (!parsed.flag("yes")) {
            throw new IllegalArgumentException("purge deletes records for good; confirm with --yes");
        }
        Instant until = parsed.filter().until();
        long deleted = deadLetters.purge(until);
        out.printf(
                "purged %d records from %s%s%n",
                deleted, deadLetters.name(), until == null ? "" : " written before " + until);
        return 0;
    }

    /** {@code dlt COMMAND [positional…] [--option[=value]…]}; options starting with {@code --spring.} or {@code --tandem.} belong to Spring. */
    record Parsed(String command, List<String> positional, Map<String, String> options) {

        static Parsed of(List<String> args) {
            if (args.size() < 2 || !args.get(0).equals("dlt")) {
                throw new IllegalArgumentException("expected 'dlt' and a command");
            }
            String command = args.get(1);
            if (!Set.of("list", "show", "replay", "purge").contains(command)) {
                throw new IllegalArgumentException("unknown command '" + command + "'");
            }
            List<String> positional = new java.util.ArrayList<>();
            Map<String, String> options = new HashMap<>();
            for (String arg : args.subList(2, args.size())) {
                if (!arg.startsWith("--")) {
                    positional.add(arg);
                } else if (!isSpringProperty(arg)) {
                    int equals = arg.indexOf('=');
                    options.put(
                            equals < 0 ? arg.substring(2) : arg.substring(2, equals),
                            equals < 0 ? "" : arg.substring(equals + 1));
                }
            }
            return new Parsed(command, positional, options);
        }

        static boolean isSpringProperty(String arg) {
            return arg.startsWith("--spring.")
                    || arg.startsWith("--tandem.")
                    || arg.startsWith("--logging.")
                    || arg.startsWith("--management.")
                    || arg.startsWith("--server.");
        }

        void allow(Set<String> allowed) {
            for (String option : options.keySet()) {
                if (!allowed.contains(option)) {
                    throw new IllegalArgumentException("option --" + option + " is not known to '" + command + "'"
                            + (allowed.isEmpty()
                                    ? ""
                                    : "; it takes "
                                            + allowed.stream()
                                                    .sorted()
                                                    .map(o -> "--" + o)
                                                    .toList()));
                }
            }
            if (!command.equals("show") && !positional.isEmpty()) {
                throw new IllegalArgumentException(
                        "'" + command + "' takes no arguments besides options, got " + positional);
            }
        }

        /** Whether flag {@code --name} is given; a flag takes no value. */
        boolean flag(String name) {
            String value = options.get(name);
            if (value != null && !value.isEmpty()) {
                throw new IllegalArgumentException("--" + name + " is a flag and takes no value, got '" + value + "'");
            }
            return value != null;
        }

        DeadLetterFilter filter() {
            return DeadLetterFilter.parse(
                    options.get("reason"), options.get("table"), options.get("since"), options.get("until"));
        }

        long number(String name, String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'");
            }
        }

        double decimal(String name, String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a number, was '" + text + "'");
            }
        }
    }
}
