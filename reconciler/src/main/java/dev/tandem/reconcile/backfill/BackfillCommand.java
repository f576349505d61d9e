package dev.tandem.reconcile.backfill;

import dev.tandem.backfill.BackfillResult;
import dev.tandem.backfill.BackfillService;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code backfill [--tables=a,b] [--restart]}: copies the configured tables into the secondary,
 * printing progress as it goes and a summary at the end. Exit status: 0 complete, 1 a chunk still
 * differed after its last attempt, 2 bad usage, 3 a table failed or the run was stopped.
 */
public final class BackfillCommand {

    public static final int COMPLETE = 0;
    public static final int VERIFICATION_FAILED = 1;
    public static final int USAGE = 2;
    public static final int FAILED = 3;

    static final String USAGE_TEXT =
            """
            Usage: java -jar tandem-reconciler.jar backfill [--tables=a,b] [--restart] [--spring.property=value ...]

              Copies the tables of tandem.backfill.tables (or those named) from the primary into the
              secondary, in key-range chunks, through the version fence, while dual writes go on.
              A run that was stopped or killed resumes where it stopped; --restart forgets the
              checkpoints of the tables and copies them afresh.

            Exit status: 0 complete, 1 verification failed, 2 bad usage, 3 a table failed or the run stopped.
            """;

    private final BackfillService service;
    private final PrintStream out;
    private final PrintStream err;

    public BackfillCommand(BackfillService service, PrintStream out, PrintStream err) {
        this.service = service;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code args} ({@code backfill} first; {@code --spring.…=…} properties are skipped). */
    public int run(List<String> args) {
        Set<String> tables = new LinkedHashSet<>();
        boolean restart = false;
        for (String arg : args.subList(Math.min(1, args.size()), args.size())) {
            if (isProperty(arg)) {
                continue;
            }
            if (arg.startsWith("--tables=")) {
                Arrays.stream(arg.substring("--tables=".length()).split(","))
                        .map(String::trim)
                        .filter(t -> !t.isEmpty())
                        .forEach(tables::add);
            } else if (arg.equals("--restart")) {
                restart = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                out.print(USAGE_TEXT);
                return COMPLETE;
            } else {
                return usage("unknown option '" + arg + "' for backfill");
            }
        }
        ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tandem-backfill-cli");
            thread.setDaemon(true);
            return thread;
        });
        try {
            if (restart) {
                service.forget(tables);
            }
            long every = service.options().progressInterval().toMillis();
            BackfillResult result = service.run(
                    tables,
                    backfill -> printer.scheduleAtFixedRate(
                            () -> backfill.progress().stream()
                                    .filter(p -> p.chunksDone() < p.chunks())
                                    .forEach(p -> out.println("  " + p.describe())),
                            every,
                            every,
                            TimeUnit.MILLISECONDS));
            out.print(result.text());
            if (result.complete()) {
                return COMPLETE;
            }
            boolean failedOnlyVerification = !result.stopped()
                    && result.tables().stream()
                            .allMatch(t -> t.error() == null
                                    && t.chunksDone() + t.failedChunks().size() == t.chunks());
            return failedOnlyVerification ? VERIFICATION_FAILED : FAILED;
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        } catch (Exception e) {
            err.println("Failed: " + e);
            return FAILED;
        } finally {
            printer.shutdownNow();
        }
    }

    private static boolean isProperty(String arg) {
        int equals = arg.indexOf('=');
        return arg.startsWith("--")
                && arg.substring(2, equals < 0 ? arg.length() : equals).contains(".");
    }

    private int usage(String problem) {
        err.println("Error: " + problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }
}
