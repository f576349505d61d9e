package dev.tandem.cli.reconcile;

import dev.tandem.cli.ExitCode;
import dev.tandem.cli.HelpOption;
import dev.tandem.cli.Invocation;
import dev.tandem.cli.PositiveNumber;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.store.RunStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tandem runs}: the latest runs, newest first. */
@Command(
        name = "runs",
        description = "The latest runs, newest first (opens only the run store).",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:listed", "2:bad usage or configuration", "3:failed"})
public final class RunsCommand implements Callable<ExitCode> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "20",
            converter = PositiveNumber.class,
            description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    private final Invocation invocation;

    RunsCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public ExitCode call() throws Exception {
        try (ConfigurableApplicationContext context = invocation.open(ReconcilerContext.RUN_STORE)) {
            List<RunRecord> runs = context.getBean(RunStore.class).latest(limit);
            PrintWriter out = spec.commandLine().getOut();
            if (runs.isEmpty()) {
                out.println("No runs yet.");
                return ExitCode.OK;
            }
            out.printf(
                    "%-6s %-19s %-9s %-11s %8s %14s %9s %9s%n",
                    "RUN", "STARTED (UTC)", "TRIGGER", "VERDICT", "TOOK", "ROWS", "IN FLIGHT", "CONFIRMED");
            for (RunRecord run : runs) {
                out.printf(
                        "%-6d %-19s %-9s %-11s %8s %,14d %,9d %,9d%n",
                        run.id(),
                        RunReports.TIME.format(run.startedAt()),
                        run.trigger(),
                        run.verdict(),
                        run.took() == null ? "-" : run.took().toSeconds() + " s",
                        run.rowsCompared(),
                        run.inFlight(),
                        run.confirmed());
            }
            return ExitCode.OK;
        }
    }
}
