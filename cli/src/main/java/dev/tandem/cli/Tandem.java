package dev.tandem.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import picocli.CommandLine;

/**
 * The operator's command line, {@code tandem}: {@code run}, {@code runs}, {@code show}, {@code
 * backfill}, {@code dlt …} and {@code migration …}, parsed by one picocli command tree and ending with
 * one {@link ExitCode}. Each command opens only what it needs, after its arguments were checked:
 * {@code migration} only Kafka, {@code runs} and {@code show} the run store, the others their
 * service's context without web server, schedule or consumers. Standard output carries the result
 * only; logs go to standard error ({@code logback.xml}).
 */
public final class Tandem {

    private Tandem() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command, printing to standard output and error, and returns its exit status. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        return execute(ContextOpener.springBoot(), out, err, args);
    }

    /** Runs one command with {@code contexts} opening the Spring contexts; its exit status. */
    public static int execute(ContextOpener contexts, PrintWriter out, PrintWriter err, String... args) {
        SpringArguments arguments = SpringArguments.split(args);
        try {
            return commandLine(new Invocation(arguments.properties(), contexts), out, err)
                    .execute(arguments.own().toArray(String[]::new));
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command tree, printing to {@code out} and {@code err}. */
    static CommandLine commandLine(Invocation invocation, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new TandemCommand(), new CommandFactory(invocation));
        line.setOut(out);
        line.setErr(err);
        return withExitCodes(line);
    }

    /**
     * {@code line} ending with an {@link ExitCode}: a command's result, {@link ExitCode#USAGE} for bad
     * usage or configuration, {@link ExitCode#FAILED} (or {@code USAGE}) for what a command threw.
     */
    static CommandLine withExitCodes(CommandLine line) {
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setExitCodeExceptionMapper(failure -> ExitCode.of(failure).code());
        line.setExecutionExceptionHandler(Tandem::failed);
        line.setExecutionStrategy(Tandem::executeLast);
        return line;
    }

    /** Runs the command named last, as picocli does, and takes its {@link ExitCode} as the status. */
    private static int executeLast(CommandLine.ParseResult parsed) {
        int status = new CommandLine.RunLast().execute(parsed);
        List<CommandLine> commands = parsed.asCommandLineList();
        Object result = commands.get(commands.size() - 1).getExecutionResult();
        return result instanceof ExitCode exit ? exit.code() : status;
    }

    private static int failed(Exception failure, CommandLine command, CommandLine.ParseResult parsed) {
        ExitCode exit = ExitCode.of(failure);
        PrintWriter err = command.getErr();
        if (exit == ExitCode.USAGE) {
            err.println("Error: " + ExitCode.reason(failure));
        } else {
            err.println("Failed: " + ExitCode.describe(failure));
        }
        return exit.code();
    }
}
