package dev.tandem.cli.reconcile;

import dev.tandem.cli.ServiceContext;
import dev.tandem.reconcile.ReconcilerApplication;
import java.util.List;
import java.util.Map;

/** The reconciler's context as the commands open it: its stores and service, no web server, no schedule. */
public final class ReconcilerContext {

    /** For {@code run}, {@code runs}, {@code show} (and, with the backfill's wiring, {@code backfill}). */
    public static final ServiceContext COMMANDS = new ServiceContext(
            "reconciler", List.of(ReconcilerApplication.class), Map.of("tandem.reconciler.schedule.enabled", "false"));

    private ReconcilerContext() {}
}
