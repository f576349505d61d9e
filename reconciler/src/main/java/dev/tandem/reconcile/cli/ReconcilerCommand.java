package dev.tandem.reconcile.cli;

import dev.tandem.reconcile.ReconcilerService;
import dev.tandem.reconcile.report.RunReport;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reconciler's command line: {@code run}, {@code runs}, {@code show}. Exit status: 0 clean, 1
 * confirmed differences, 2 bad usage or configuration, 3 a table could not be compared.
 */
public final class ReconcilerCommand {

    public static final int CLEAN = 0;
    public static final int DIFFERENCES = 1;
    public static final int USAGE = 2;
    public static final int FAILED = 3;

    static final String USAGE_TEXT =
            """
            Usage: java -jar tandem-reconciler.jar <command> [options] [--spring.property=value ...]

              run [--tables=a,b] [--full] [--repair [--execute]] [--email]
                    Compare the configured tables (or those named) and print the report.
                    Tables with an updated-at-column are compared incrementally unless --full.
                    --repair prints the repairs it would publish (dry run); with --execute it
                    publishes them to the retry topic and re-verifies the repaired rows.
                    --email mails the report to tandem.reconciler.report.to.
              runs [--limit=20]
                    The latest runs, newest first.
              show <run id>
                    One run: per table, per column, samples.
              backfill [--tables=a,b] [--restart]
                    Copy the existing rows of tandem.backfill.tables into the secondary
                    (chunked, resumable, verified); see backfill --help.

            Exit status: 0 clean, 1 confirmed differences, 2 bad usage, 3 a table could not be compared.
            """;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final ReconcilerService service;
    private final PrintStream out;
    private final PrintStream err;

    public ReconcilerCommand(ReconcilerService service, PrintStream out, PrintStream err) {
        this.service = service;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code args} (the command first; configuration properties such as {@code --spring.…=…} are skipped). */
    public int run(List<String> args) {
        List<String> own = args.stream().filter(a -> !isProperty(a)).toList();
        if (own.isEmpty()) {
            return usage("no command given");
        }
        try {
            return switch (own.get(0)) {
                case "run" -> runNow(own.subList(1, own.size()));
                case "runs" -> list(own.subList(1, own.size()));
                case "show" -> show(own.subList(1, own.size()));
                case "help", "--help", "-h" -> {
                    out.print(USAGE_TEXT);
                    yield CLEAN;
                }
                default -> usage("unknown command '" + own.get(0) + "'");
            };
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (Exception e) {
            err.println("Failed: " + e);
            return FAILED;
        }
    }

    private int runNow(List<String> options) throws Exception {
        Set<String> tables = new LinkedHashSet<>();
        boolean repair = false;
        boolean execute = false;
        boolean email = false;
        boolean full = false;
        for (String option : options) {
            if (option.startsWith("--tables=")) {
                Arrays.stream(option.substring("--tables=".length()).split(","))
                        .map(String::trim)
                        .filter(t -> !t.isEmpty())
                        .forEach(tables::add);
            } else if (option.equals("--repair")) {
                repair = true;
            } else if (option.equals("--execute")) {
                execute = true;
            } else if (option.equals("--email")) {
                email = true;
            } else if (option.equals("--full")) {
                full = true;
            } else {
                throw new IllegalArgumentException("unknown option '" + option + "' for run");
            }
        }
        if (execute && !repair) {
            throw new IllegalArgumentException("--execute only goes with --repair");
        }
        RepairMode mode = !repair ? RepairMode.NONE : execute ? RepairMode.EXECUTE : RepairMode.DRY_RUN;
        RunRecord run = service.run("cli", tables, mode, full, email);
        out.print(new RunReport(run, service.store().latest(15)).text());
        return exitOf(run);
    }

    private int list(List<String> options) throws Exception {
        int limit = 20;
        for (String option : options) {
            if (option.startsWith("--limit=")) {
                limit = positive("--limit", option.substring("--limit=".length()));
            } else {
                throw new IllegalArgumentException("unknown option '" + option + "' for runs");
            }
        }
        List<RunRecord> runs = service.store().latest(limit);
        if (runs.isEmpty()) {
            out.println("No runs yet.");
            return CLEAN;
        }
        out.printf(
                "%-6s %-19s %-9s %-11s %8s %14s %9s %9s%n",
                "RUN", "STARTED (UTC)", "TRIGGER", "VERDICT", "TOOK", "ROWS", "IN FLIGHT", "CONFIRMED");
        for (RunRecord run : runs) {
            out.printf(
                    "%-6d %-19s %-9s %-11s %8s %,14d %,9d %,9d%n",
                    run.id(),
                    TIME.format(run.startedAt()),
                    run.trigger(),
                    run.verdict(),
                    run.took() == null ? "-" : run.took().toSeconds() + " s",
                    run.rowsCompared(),
                    run.inFlight(),
                    run.confirmed());
        }
        return CLEAN;
    }

    private int show(List<String> options) throws Exception {
        if (options.size() != 1) {
            throw new IllegalArgumentException("show takes one run id");
        }
        long id = positive("run id", options.get(0));
        Optional<RunRecord> run = service.store().find(id);
        if (run.isEmpty()) {
            err.println("No run " + id);
            return USAGE;
        }
        out.print(new RunReport(run.get(), service.store().latest(15)).text());
        return exitOf(run.get());
    }

    /** {@code --some.property=value}: for Spring, not for the command (own options have no dot). */
    private static boolean isProperty(String arg) {
        int equals = arg.indexOf('=');
        return arg.startsWith("--")
                && arg.substring(2, equals < 0 ? arg.length() : equals).contains(".");
    }

    private static int exitOf(RunRecord run) {
        return switch (run.verdict()) {
            case CLEAN, RUNNING -> CLEAN;
            case DIFFERENCES -> DIFFERENCES;
            case FAILED -> FAILED;
        };
    }

    private static int positive(String name, String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number, was '" + text + "'");
        }
    }

    private int usage(String problem) {
        err.println("Error: " + problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }
}
