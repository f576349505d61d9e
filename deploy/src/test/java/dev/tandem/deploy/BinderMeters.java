package dev.tandem.deploy;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series resilience4j's Micrometer binder exports for the dual writer's circuit breaker, taken
 * from a real scrape of the binder bound to a breaker of the writer's name (read from its source).
 */
final class BinderMeters {

    private static final String WRITER =
            "dual-write/src/main/java/dev/tandem/dualwrite/internal/DefaultDualWriter.java";
    private static final Pattern NAME = Pattern.compile("BREAKER_NAME = \"([^\"]+)\"");
    private static final Pattern STATE = Pattern.compile("^resilience4j_circuitbreaker_state\\{.*state=\"([a-z_]+)\"");

    private BinderMeters() {}

    /** The breaker's name in the writer's source: tag {@code name} of its meters. */
    static String breakerName() {
        Matcher m = NAME.matcher(Repository.read(WRITER));
        if (!m.find()) {
            throw new IllegalStateException("no BREAKER_NAME in " + WRITER);
        }
        return m.group(1);
    }

    private static List<String> scrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        breakers.circuitBreaker(breakerName());
        return registry.scrape().lines().filter(l -> !l.startsWith("#")).toList();
    }

    /** Series names in the scrape. */
    static Set<String> seriesNames() {
        Set<String> names = new TreeSet<>();
        scrape().forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    /** Micrometer meter names: the series names with dots, for the declared-name check. */
    static boolean registers(String meterName) {
        String base = meterName.replace('.', '_');
        return seriesNames().stream().anyMatch(s -> s.equals(base) || s.startsWith(base + "_"));
    }

    /** The values of the state gauge's {@code state} tag. */
    static List<String> states() {
        List<String> states = new ArrayList<>();
        for (String line : scrape()) {
            Matcher m = STATE.matcher(line);
            if (m.find()) {
                states.add(m.group(1));
            }
        }
        return states;
    }
}
