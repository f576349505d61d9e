package dev.tandem.retry;

import dev.tandem.retry.dlt.DeadLetterCommand;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The retry consumer service; {@code dlt …} as first argument runs the dead-letter command line
 * instead (no consumers, no web server, no secondary).
 */
@SpringBootApplication
public class RetryConsumerApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("dlt")) {
            System.exit(runDeadLetterCommand(args));
        }
        SpringApplication.run(RetryConsumerApplication.class, args);
    }

    /** Runs the {@code dlt} command line and returns its exit status. */
    public static int runDeadLetterCommand(String... args) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RetryConsumerApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "tandem.retry.consume=false",
                        "tandem.retry.lag.enabled=false",
                        "spring.main.banner-mode=off",
                        "spring.main.log-startup-info=false",
                        "spring.autoconfigure.exclude="
                                + "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
                .run(args)) {
            return context.getBean(DeadLetterCommand.class).run(List.of(args));
        }
    }
}
