package dev.tandem.cli.reconcile;

import dev.tandem.cli.ExitCode;
import dev.tandem.cli.Invocation;
import dev.tandem.reconcile.distributed.ReconcileGroup;
import dev.tandem.reconcile.distributed.ReconcileWorker;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code tandem run --worker}: one worker process of distributed reconciliations, a line printed per
 * segment compared, until SIGTERM (the segment being compared is finished if it can be within 30 s;
 * otherwise another worker compares it again).
 */
final class ReconcileWorkerRun implements Callable<ExitCode> {

    private final Invocation invocation;
    private final CommandSpec spec;

    ReconcileWorkerRun(Invocation invocation, CommandSpec spec) {
        this.invocation = invocation;
        this.spec = spec;
    }

    @Override
    public ExitCode call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (ConfigurableApplicationContext context = invocation.open(ReconcilerContext.COMMANDS)) {
            ReconcileWorker worker =
                    context.getBeanProvider(ReconcileWorker.class).getIfAvailable();
            if (worker == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--worker needs tandem.reconciler.distributed.enabled=true (and the same tandem.reconciler"
                                + " and spring.kafka settings as the coordinator's)");
            }
            // Asked now: a terminating JVM closes the context (Spring's own hook) while the worker stops.
            String workerId = context.getBean(ReconcileGroup.class).workerId();
            CountDownLatch left = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        worker.stop();
                        try {
                            left.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "tandem-reconcile-worker-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                worker.run(line -> {
                    out.println(line);
                    out.flush();
                });
                // Before the hook is let go: once it returns, a terminating JVM halts.
                out.println("worker " + workerId + " stopped after " + worker.segmentsDone() + " segment(s)");
                out.flush();
            } finally {
                left.countDown();
            }
            return ExitCode.OK;
        }
    }
}
