package dev.tandem.cli.reconcile;

import dev.tandem.cli.ServiceContext;
import dev.tandem.cli.StoreConnections;
import dev.tandem.reconcile.ReconcilerApplication;
import java.util.List;
import java.util.Map;

/** The reconciler's contexts as the commands open them: no web server, no schedule, stores checked at start. */
public final class ReconcilerContext {

    private static final Map<String, String> NO_SCHEDULE = Map.of("tandem.reconciler.schedule.enabled", "false");

    /** For {@code run} (and, with the backfill's wiring, {@code backfill}): both stores, Kafka, mail. */
    public static final ServiceContext COMMANDS =
            new ServiceContext("reconciler", List.of(ReconcilerApplication.class, StoreConnections.class), NO_SCHEDULE);

    /** For {@code runs} and {@code show}: the run store only, no auto-configuration. */
    static final ServiceContext RUN_STORE =
            new ServiceContext("run store", List.of(RunStoreConfiguration.class, StoreConnections.class), NO_SCHEDULE);

    private ReconcilerContext() {}
}
