package dev.tandem.cli;

import dev.tandem.reconcile.ReconcilerApplication;
import dev.tandem.retry.RetryConsumerApplication;
import java.util.List;
import java.util.Set;

/**
 * The operator's command line: {@code tandem reconcile|run|runs|show|backfill|dlt|migration …}. Each
 * command opens only what it needs: {@code migration} only Kafka, the others their service's context.
 */
public final class Tandem {

    private static final Set<String> RECONCILER = Set.of("run", "runs", "show", "backfill");

    private Tandem() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command and returns its exit status. */
    public static int run(String... args) {
        if (args.length == 0 || Set.of("help", "--help", "-h").contains(args[0])) {
            System.out.println("usage: tandem run|runs|show|backfill|dlt|migration [options]");
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = List.of(args).subList(1, args.length);
        if (args[0].equals("migration")) {
            return new MigrationCommand(System.out, System.err).run(rest);
        }
        if (args[0].equals("dlt")) {
            return RetryConsumerApplication.runDeadLetterCommand(args);
        }
        if (RECONCILER.contains(args[0])) {
            return ReconcilerApplication.runCommand(args);
        }
        System.err.println("tandem: unknown command '" + args[0] + "'");
        return 2;
    }
}
