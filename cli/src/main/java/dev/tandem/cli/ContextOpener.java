package dev.tandem.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Opens the Spring context of a command; tests observe or refuse it. */
@FunctionalInterface
public interface ContextOpener {

    /** Starts {@code context} with the command line's {@code properties} ({@code --some.property=value}). */
    ConfigurableApplicationContext open(ServiceContext context, List<String> properties);

    /**
     * Starts the context with Spring Boot, without a web server, banner or start-up line; a context
     * that does not start is a {@link StartupFailure} (one line naming the file or key).
     */
    static ContextOpener springBoot() {
        return (context, properties) -> {
            Map<String, Object> defaults = new LinkedHashMap<>(context.properties());
            defaults.put("spring.main.banner-mode", "off");
            defaults.put("spring.main.log-startup-info", "false");
            try {
                return new SpringApplicationBuilder(context.sources().toArray(Class<?>[]::new))
                        .web(WebApplicationType.NONE)
                        .properties(defaults)
                        .run(properties.toArray(String[]::new));
            } catch (RuntimeException e) {
                throw StartupFailure.of(context, e, properties);
            }
        };
    }
}
