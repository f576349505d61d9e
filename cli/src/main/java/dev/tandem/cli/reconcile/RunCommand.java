package dev.tandem.cli.reconcile;

import dev.tandem.cli.ExitCode;
import dev.tandem.cli.HelpOption;
import dev.tandem.cli.Invocation;
import dev.tandem.cli.TableNames;
import dev.tandem.reconcile.ReconcilerService;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tandem run}: one reconciliation now, its report printed. With {@code
 * tandem.reconciler.distributed.enabled} the tables are compared by the processes started with {@code
 * tandem run --worker}, and this one assembles their results into the run.
 */
@Command(
        name = "run",
        description = {
            "Compare the configured tables (or those named) and print the report.",
            "Tables with an updated-at-column are compared incrementally unless --full.",
            "With tandem.reconciler.distributed.enabled=true the tables are split into key-range segments that the"
                    + " workers ('run --worker', on any host) compare; this process assembles one run and one report."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:clean",
            "1:confirmed differences",
            "2:bad usage or configuration",
            "3:a table could not be compared"
        })
public final class RunCommand implements Callable<ExitCode> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = "--tables",
            split = ",",
            paramLabel = "TABLE",
            description = "Only these tables (comma-separated); all configured tables by default.")
    List<String> tables = new ArrayList<>();

    @Option(names = "--full", description = "Compare every row, also of incrementally compared tables.")
    boolean full;

    @Option(names = "--repair", description = "Print the repairs the run would publish to the retry topic (a dry run).")
    boolean repair;

    @Option(names = "--execute", description = "With --repair: publish the repairs and re-verify the repaired rows.")
    boolean execute;

    @Option(names = "--email", description = "Mail the report to tandem.reconciler.report.to.")
    boolean email;

    @Option(
            names = "--worker",
            description = "Join the workers' group (tandem.reconciler.distributed.*) and compare the segments Kafka"
                    + " assigns this process, until stopped (a segment left unfinished is compared by another worker).")
    boolean worker;

    private final Invocation invocation;

    RunCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public ExitCode call() throws Exception {
        if (execute && !repair) {
            throw new ParameterException(spec.commandLine(), "--execute only goes with --repair");
        }
        if (worker && (!tables.isEmpty() || full || repair || email)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--worker compares what the coordinator publishes: it takes neither --tables, --full, --repair"
                            + " nor --email");
        }
        if (worker) {
            return new ReconcileWorkerRun(invocation, spec).call();
        }
        RepairMode mode = !repair ? RepairMode.NONE : execute ? RepairMode.EXECUTE : RepairMode.DRY_RUN;
        try (ConfigurableApplicationContext context = invocation.open(ReconcilerContext.COMMANDS)) {
            ReconcilerService service = context.getBean(ReconcilerService.class);
            RunRecord run = service.run("cli", TableNames.of(tables), mode, full, email);
            return RunReports.print(service.store(), run, spec.commandLine().getOut());
        }
    }
}
