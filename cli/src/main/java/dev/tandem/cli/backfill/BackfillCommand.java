package dev.tandem.cli.backfill;

import dev.tandem.backfill.BackfillResult;
import dev.tandem.backfill.BackfillService;
import dev.tandem.backfill.BackfillWorker;
import dev.tandem.cli.ExitCode;
import dev.tandem.cli.HelpOption;
import dev.tandem.cli.Invocation;
import dev.tandem.cli.ServiceContext;
import dev.tandem.cli.TableNames;
import dev.tandem.cli.reconcile.ReconcilerContext;
import dev.tandem.core.DaemonThreads;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tandem backfill [--tables=a,b] [--restart]}: copies the configured tables into the
 * secondary, printing progress as it goes and a summary at the end; with
 * {@code tandem.backfill.distributed.enabled} it coordinates the run instead, which the processes
 * started with {@code tandem backfill --worker} copy.
 */
@Command(
        name = "backfill",
        description = {
            "Copy the tables of tandem.backfill.tables (or those named) from the primary into the secondary,"
                    + " in key-range chunks, through the version fence, while dual writes go on.",
            "A run that was stopped or killed resumes where it stopped.",
            "With tandem.backfill.distributed.enabled=true this process coordinates: it plans, publishes the chunks"
                    + " as tasks to Kafka and follows the workers ('backfill --worker', on any host) to the end."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:complete",
            "1:verification failed (a chunk still differed after its last attempt)",
            "2:bad usage or configuration",
            "3:a table failed or the run stopped"
        })
public final class BackfillCommand implements Callable<ExitCode> {

    /** The reconciler's stores and mapping, with the backfill wired on them. */
    static final ServiceContext CONTEXT = ReconcilerContext.COMMANDS.with("backfill", BackfillConfiguration.class);

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = "--tables",
            split = ",",
            paramLabel = "TABLE",
            description = "Only these tables (comma-separated); all of tandem.backfill.tables by default.")
    List<String> tables = new ArrayList<>();

    @Option(names = "--restart", description = "Forget the tables' checkpoints and copy them afresh.")
    boolean restart;

    @Option(
            names = "--worker",
            description = "Join the workers' group (tandem.backfill.distributed.*) and copy the chunks Kafka assigns"
                    + " this process, until stopped (SIGTERM leaves the chunk being copied to another worker).")
    boolean worker;

    private final Invocation invocation;

    BackfillCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public ExitCode call() throws Exception {
        Set<String> named = TableNames.of(tables);
        PrintWriter out = spec.commandLine().getOut();
        if (worker && (restart || !named.isEmpty())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--worker copies what the coordinator publishes: it takes neither --tables nor --restart");
        }
        if (worker) {
            return work(out);
        }
        ScheduledExecutorService printer =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tandem-backfill-cli"));
        try (ConfigurableApplicationContext context = invocation.open(CONTEXT)) {
            BackfillService service = context.getBean(BackfillService.class);
            if (restart) {
                service.forget(named);
            }
            long every = service.options().progressInterval().toMillis();
            BackfillResult result = service.run(
                    named,
                    backfill -> printer.scheduleAtFixedRate(
                            () -> backfill.describe().forEach(line -> out.println("  " + line)),
                            every,
                            every,
                            TimeUnit.MILLISECONDS));
            out.print(result.text());
            return exitOf(result);
        } finally {
            printer.shutdownNow();
        }
    }

    private ExitCode work(PrintWriter out) throws Exception {
        try (ConfigurableApplicationContext context = invocation.open(CONTEXT)) {
            BackfillService service = context.getBean(BackfillService.class);
            if (service.group().isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--worker needs tandem.backfill.distributed.enabled=true (and the same tandem.backfill and"
                                + " spring.kafka settings as the coordinator's)");
            }
            BackfillWorker backfillWorker = service.worker(line -> {
                out.println(line);
                out.flush();
            });
            CountDownLatch left = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        backfillWorker.stop();
                        try {
                            left.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "tandem-backfill-worker-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                backfillWorker.run();
                out.println("worker " + service.group().get().workerId() + " stopped after "
                        + backfillWorker.chunksDone() + " chunk(s)");
                out.flush();
            } finally {
                left.countDown(); // a SIGTERM's hook waits for this line; the JVM then exits 143
            }
            return ExitCode.OK;
        }
    }

    static ExitCode exitOf(BackfillResult result) {
        if (result.complete()) {
            return ExitCode.OK;
        }
        boolean failedOnlyVerification = !result.stopped()
                && result.tables().stream()
                        .allMatch(t -> t.error() == null
                                && t.chunksDone() + t.failedChunks().size() == t.chunks());
        return failedOnlyVerification ? ExitCode.DIFFERENCES : ExitCode.FAILED;
    }
}
