package dev.tandem.cli;

import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the commands of one {@code tandem} invocation share: the configuration properties given on
 * the command line and how a service's context is opened. A command opens a context only after its
 * own arguments were checked, so bad usage never starts Spring or connects anywhere.
 */
public final class Invocation {

    private final List<String> properties;
    private final ContextOpener contexts;

    public Invocation(List<String> properties, ContextOpener contexts) {
        this.properties = List.copyOf(properties);
        this.contexts = contexts;
    }

    /** Opens {@code context} with the command line's properties; the caller closes it. */
    public ConfigurableApplicationContext open(ServiceContext context) {
        return contexts.open(context, properties);
    }
}
