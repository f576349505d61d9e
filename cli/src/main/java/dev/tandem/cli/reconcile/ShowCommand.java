package dev.tandem.cli.reconcile;

import dev.tandem.cli.ExitCode;
import dev.tandem.cli.HelpOption;
import dev.tandem.cli.Invocation;
import dev.tandem.cli.PositiveNumber;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.store.RunStore;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tandem show RUN_ID}: one run's report, per table, per column, with samples. */
@Command(
        name = "show",
        description = "One run: per table, per column, samples (opens only the run store).",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the run was clean",
            "1:the run confirmed differences",
            "2:bad usage or configuration, or no such run",
            "3:the run failed"
        })
public final class ShowCommand implements Callable<ExitCode> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "RUN_ID", converter = PositiveNumber.class, description = "The run's id (tandem runs).")
    int id;

    private final Invocation invocation;

    ShowCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public ExitCode call() throws Exception {
        try (ConfigurableApplicationContext context = invocation.open(ReconcilerContext.RUN_STORE)) {
            RunStore store = context.getBean(RunStore.class);
            Optional<RunRecord> run = store.find(id);
            if (run.isEmpty()) {
                spec.commandLine().getErr().println("No run " + id);
                return ExitCode.USAGE;
            }
            return RunReports.print(store, run.get(), spec.commandLine().getOut());
        }
    }
}
