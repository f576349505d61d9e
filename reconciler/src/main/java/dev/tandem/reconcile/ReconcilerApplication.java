package dev.tandem.reconcile;

import dev.tandem.backfill.BackfillService;
import dev.tandem.reconcile.backfill.BackfillCommand;
import dev.tandem.reconcile.cli.ReconcilerCommand;
import java.util.List;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reconciler service (scheduled daily run, REST API, metrics); {@code run}, {@code runs},
 * {@code show} or {@code backfill} as first argument runs the command line instead (no web server, no
 * schedule).
 */
/* The reconciler reads both stores through its own two DataSources, not spring.datasource. */
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
public class ReconcilerApplication {

    private static final Set<String> COMMANDS = Set.of("run", "runs", "show", "backfill", "help", "--help", "-h");

    public static void main(String[] args) {
        if (args.length > 0 && COMMANDS.contains(args[0])) {
            System.exit(runCommand(args));
        }
        SpringApplication.run(ReconcilerApplication.class, args);
    }

    /** Runs the command line and returns its exit status. */
    public static int runCommand(String... args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReconcilerApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "tandem.reconciler.schedule.enabled=false",
                        "spring.main.banner-mode=off",
                        "spring.main.log-startup-info=false")
                .run(args)) {
            if (args[0].equals("backfill")) {
                return new BackfillCommand(context.getBean(BackfillService.class), System.out, System.err)
                        .run(List.of(args));
            }
            return new ReconcilerCommand(context.getBean(ReconcilerService.class), System.out, System.err)
                    .run(List.of(args));
        }
    }
}
