package dev.tandem.cli;

import dev.tandem.cli.backfill.BackfillCommand;
import dev.tandem.cli.dlt.DeadLetterCommand;
import dev.tandem.cli.migration.MigrationCommand;
import dev.tandem.cli.reconcile.RunCommand;
import dev.tandem.cli.reconcile.RunsCommand;
import dev.tandem.cli.reconcile.ShowCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tandem}: the command tree's root; without a command it is a usage error. */
@Command(
        name = "tandem",
        description = {
            "Tandem's operator command line. Configuration properties (--spring.…, --tandem.…) go to the"
                    + " service context a command opens, as for the services."
        },
        subcommands = {
            HelpCommand.class,
            RunCommand.class,
            RunsCommand.class,
            ShowCommand.class,
            BackfillCommand.class,
            DeadLetterCommand.class,
            MigrationCommand.class
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done (clean, complete, moved)",
            "1:differences found or a change refused",
            "2:bad usage or configuration",
            "3:failed"
        })
final class TandemCommand implements Callable<ExitCode> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public ExitCode call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
