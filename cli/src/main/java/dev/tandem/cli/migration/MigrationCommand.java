package dev.tandem.cli.migration;

import dev.tandem.cli.ExitCode;
import dev.tandem.cli.HelpOption;
import dev.tandem.cli.PositiveNumber;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.GateValues;
import dev.tandem.core.control.InstanceReport;
import dev.tandem.core.control.Phase;
import dev.tandem.dualwrite.migration.CutoverResult;
import dev.tandem.dualwrite.migration.GateSettings;
import dev.tandem.dualwrite.migration.MigrationControl;
import dev.tandem.dualwrite.migration.PhaseChangeRefusedException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tandem migration status|set|cutover|rollback|abort|audit}: the migration phases, over the
 * control topic; needs only Kafka.
 */
@Command(
        name = "migration",
        description = "Migration phases, over the control topic (needs only Kafka).",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done",
            "1:refused (a gate failed or the move is not safe; nothing changed)",
            "2:bad usage",
            "3:failed"
        })
public final class MigrationCommand implements Callable<ExitCode> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public ExitCode call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "status", description = "Phase, live instances, last reconcile verdict, gates.")
    ExitCode status(@Mixin HelpOption help, @Mixin MigrationOptions options) {
        return observing(options, "status", migration -> {
            PrintWriter out = out();
            out.println("Phase: " + migration.state().describe() + " (by "
                    + migration.state().changedBy() + " at " + migration.state().changedAt() + ")");
            out.println("Last reconcile: "
                    + migration
                            .verdict()
                            .map(v -> "run " + v.runId() + " " + v.verdict() + ", " + v.confirmedDifferences()
                                    + " confirmed, finished " + v.finishedAt())
                            .orElse("none published"));
            for (InstanceReport instance : migration.instances()) {
                out.println("Instance " + instance.instance() + ": epoch " + instance.epoch() + ", shadow "
                        + instance.shadowMismatched() + "/" + instance.shadowCompared() + " mismatched, "
                        + instance.shadowDropped() + " dropped, " + instance.trackedKeys()
                        + " keys since the last reconcile"
                        + (instance.trackingOverflow() ? " (overflowed)" : ""));
            }
            GateValues gates = migration.gates();
            out.println("Gates: " + gates.describe());
            out.println(
                    gates.passed()
                            ? "A cutover would pass the gates."
                            : "A cutover would be refused: " + gates.failures());
        });
    }

    @Command(name = "set", description = "Move to PHASE: DUAL_WRITE, SHADOW_READ 10, READ_SECONDARY 100, DONE …")
    ExitCode set(
            @Mixin HelpOption help,
            @Parameters(index = "0", paramLabel = "PHASE", description = "One of: ${COMPLETION-CANDIDATES}.")
                    Phase phase,
            @Parameters(
                            index = "1",
                            arity = "0..1",
                            paramLabel = "PERCENT",
                            description = "Share of reads for SHADOW_READ and READ_SECONDARY (default 100).")
                    Integer percent,
            @Mixin MigrationOptions options) {
        int share = percent != null ? percent : phase.hasPercent() ? 100 : 0;
        return with(options, "set", migration -> out().println("Now "
                + migration.change(phase, share, options.by(), options.reason).describe()));
    }

    @Command(name = "cutover", description = "Gated swap: the target becomes the primary (REVERSED).")
    ExitCode cutover(@Mixin HelpOption help, @Mixin MigrationOptions options) {
        return with(options, "cutover", migration -> printSwap(migration.cutover(options.by(), options.reason)));
    }

    @Command(name = "rollback", description = "Gated swap back: the origin is the primary again.")
    ExitCode rollback(@Mixin HelpOption help, @Mixin MigrationOptions options) {
        return with(options, "rollback", migration -> printSwap(migration.rollback(options.by(), options.reason)));
    }

    @Command(name = "abort", description = "End a cutover whose coordinator died.")
    ExitCode abort(@Mixin HelpOption help, @Mixin MigrationOptions options) {
        return with(options, "abort", migration -> out().println(
                        "Now " + migration.abort(options.by(), options.reason).describe()));
    }

    @Command(name = "audit", description = "The latest phase changes and refusals.")
    ExitCode audit(
            @Mixin HelpOption help,
            @Option(
                            names = "--limit",
                            paramLabel = "N",
                            defaultValue = "20",
                            converter = PositiveNumber.class,
                            description = "How many entries (default: ${DEFAULT-VALUE}).")
                    int limit,
            @Mixin MigrationOptions options) {
        return observing(options, "audit", migration -> migration.audit(limit).forEach(entry -> out().println(
                        entry.describe())));
    }

    private void printSwap(CutoverResult result) {
        out().println("Now " + result.to().describe() + "; writes were held " + result.writePauseMillis()
                + " ms; gates: " + result.gates().describe());
    }

    /**
     * Creates the control topics where missing, reads the control topic, runs {@code action}, and turns
     * a refusal into {@link ExitCode#DIFFERENCES}: for the commands that change the migration.
     */
    private ExitCode with(MigrationOptions options, String command, MigrationAction action) {
        return run(options, command, action, MigrationControl::connect);
    }

    /** As {@link #with}, creating nothing: for the commands that only look. */
    private ExitCode observing(MigrationOptions options, String command, MigrationAction action) {
        return run(options, command, action, MigrationControl::observe);
    }

    private ExitCode run(MigrationOptions options, String command, MigrationAction action, Connect connect) {
        GateSettings gates = options.gates(spec.commandLine().getSubcommands().get(command));
        ControlTopic control;
        try {
            control = new ControlTopic(
                    options.bootstrapServers, options.controlTopic, null, Map.of(), options.kafkaTimeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine().getSubcommands().get(command), "--kafka-timeout: " + e.getMessage());
        }
        try (control;
                MigrationControl migration = connect.to(control, options.migration, gates)) {
            action.run(migration);
            return ExitCode.OK;
        } catch (PhaseChangeRefusedException e) {
            spec.commandLine().getErr().println("Refused: " + e.getMessage());
            return ExitCode.DIFFERENCES;
        }
    }

    /** How a command reaches the control topic. */
    @FunctionalInterface
    private interface Connect {
        MigrationControl to(ControlTopic control, String migration, GateSettings gates);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** What a migration subcommand does once connected. */
    @FunctionalInterface
    private interface MigrationAction {
        void run(MigrationControl migration);
    }
}
