package dev.tandem.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Spring context a command needs: a service's application class (and any extra configuration),
 * started without a web server, with default properties that switch off what the command does not
 * run (schedules, consumers).
 *
 * @param name what it is, for messages
 * @param sources the configuration classes, the service's application class first
 * @param properties default properties; the command line's own properties override them
 */
public record ServiceContext(String name, List<Class<?>> sources, Map<String, String> properties) {

    public ServiceContext {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("service context '" + name + "' needs at least one source");
        }
        sources = List.copyOf(sources);
        properties = Map.copyOf(properties);
    }

    /** This context with {@code more} default properties (replacing those of the same key). */
    public ServiceContext withProperties(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putAll(more);
        return new ServiceContext(name, sources, all);
    }

    /** This context with {@code source} added, e.g. the wiring of a command's own beans. */
    public ServiceContext with(String name, Class<?> source) {
        List<Class<?>> all = new ArrayList<>(sources);
        all.add(source);
        return new ServiceContext(name, all, new LinkedHashMap<>(properties));
    }
}
