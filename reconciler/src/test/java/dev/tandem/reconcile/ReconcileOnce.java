package dev.tandem.reconcile;

import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunVerdict;
import java.util.Set;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One reconciliation in its own context, as {@code tandem run} opens it (no web server, no schedule),
 * closed afterwards: what the reconciler's tests drive instead of the command line, which lives in
 * {@code tandem-cli}.
 */
public final class ReconcileOnce {

    private ReconcileOnce() {}

    /** Runs the configured tables (or {@code tables}) with {@code arguments} ({@code --property=value}). */
    public static RunVerdict run(String[] arguments, RepairMode mode, boolean full, String... tables) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReconcilerApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "tandem.reconciler.schedule.enabled=false",
                        "spring.main.banner-mode=off",
                        "spring.main.log-startup-info=false")
                .run(arguments)) {
            return context.getBean(ReconcilerService.class)
                    .run("cli", Set.of(tables), mode, full, false)
                    .verdict();
        }
    }
}
