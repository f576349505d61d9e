package dev.tandem.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The meters Tandem's code registers, and the names Prometheus sees for them, derived from the
 * sources: each module's {@code *MetricNames} constants, typed by the Micrometer builder or registry
 * call that registers them. The reconciler's meters, not in the code yet, are the agreed list below.
 */
final class ExportedMetrics {

    enum Type {
        GAUGE,
        COUNTER,
        TIMER,
        SUMMARY
    }

    /** One meter: Micrometer name, type, base unit (or null), where it was declared, whether it has a histogram. */
    record Meter(String name, Type type, String baseUnit, String declaredIn, boolean histogram) {

        Meter(String name, Type type, String baseUnit, String declaredIn) {
            this(name, type, baseUnit, declaredIn, false);
        }

        /** The series names of this meter in the Prometheus scrape (Micrometer's Prometheus naming). */
        Set<String> prometheusNames() {
            String base = name.replace('.', '_');
            String unit = type == Type.TIMER ? "seconds" : baseUnit;
            if (unit != null && !base.endsWith("_" + unit)) {
                base = base + "_" + unit;
            }
            return switch (type) {
                case GAUGE -> Set.of(base);
                case COUNTER -> Set.of(base.endsWith("_total") ? base : base + "_total");
                case TIMER, SUMMARY -> histogram
                        ? Set.of(base, base + "_count", base + "_sum", base + "_max", base + "_bucket")
                        : Set.of(base, base + "_count", base + "_sum", base + "_max");
            };
        }
    }

    /**
     * The reconciler's meters as agreed with its author (issue 6/7): used until the reconciler
     * declares them in a {@code *MetricNames} class, and checked against it from then on.
     */
    static final List<Meter> RECONCILER_AGREED = List.of(
            new Meter("tandem.reconcile.confirmed.differences", Type.GAUGE, null, "agreed"),
            new Meter("tandem.reconcile.in.flight.differences", Type.GAUGE, null, "agreed"),
            new Meter("tandem.reconcile.rows.compared", Type.COUNTER, null, "agreed"),
            new Meter("tandem.reconcile.last.run.confirmed", Type.GAUGE, null, "agreed"),
            new Meter("tandem.reconcile.last.run.finished.seconds", Type.GAUGE, "seconds", "agreed"),
            new Meter("tandem.reconcile.runs", Type.COUNTER, null, "agreed"),
            new Meter("tandem.reconcile.last.run.verdict", Type.GAUGE, null, "agreed"),
            new Meter("tandem.reconcile.run.duration", Type.TIMER, null, "agreed", true));

    /** Series every Prometheus target has. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

    private static final Pattern CONSTANT =
            Pattern.compile("static\\s+final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*\"([^\"]+)\"\\s*;");
    private static final Pattern BASE_UNIT =
            Pattern.compile("\\.baseUnit\\(\\s*(?:\"([a-z]+)\"|BaseUnits\\.([A-Z_]+))");

    private ExportedMetrics() {}

    /** A meter name: lowercase dotted words (other constants, e.g. tag names, are not meters). */
    private static final Pattern METER_NAME = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)+");

    /** Prefix of the meters registered by resilience4j's binder, not by Tandem's code. */
    static final String BINDER_PREFIX = "resilience4j.";

    /** Meter-name constants of every {@code *MetricNames.java} in the modules' main sources, by module. */
    static Map<String, Map<String, String>> declaredNames() {
        Map<String, Map<String, String>> byModule = new LinkedHashMap<>();
        for (String module : Repository.modules()) {
            for (Path file : Repository.mainSources(module)) {
                if (file.getFileName().toString().endsWith("MetricNames.java")) {
                    Matcher m = CONSTANT.matcher(Repository.read(file));
                    while (m.find()) {
                        if (!METER_NAME.matcher(m.group(2)).matches()) {
                            continue;
                        }
                        byModule.computeIfAbsent(module, k -> new LinkedHashMap<>())
                                .put(m.group(1), m.group(2));
                    }
                }
            }
        }
        return byModule;
    }

    /** The meters whose registration could be found in the sources. */
    static List<Meter> fromSources() {
        List<Meter> meters = new ArrayList<>();
        declaredNames().forEach((module, constants) -> {
            List<Path> sources = Repository.mainSources(module);
            constants.forEach((constant, name) -> typeOf(constant, sources)
                    .ifPresent(t -> meters.add(new Meter(name, t.type(), t.baseUnit(), module, t.histogram()))));
        });
        return meters;
    }

    /** Every meter the stack may refer to: from the sources, plus the reconciler's agreed ones. */
    static List<Meter> all() {
        List<Meter> meters = new ArrayList<>(fromSources());
        Set<String> known = new LinkedHashSet<>();
        meters.forEach(m -> known.add(m.name()));
        RECONCILER_AGREED.stream().filter(m -> !known.contains(m.name())).forEach(meters::add);
        return meters;
    }

    /** Prometheus names of {@code meters}, of every target, and of the breaker meters resilience4j's binder exports. */
    static Set<String> prometheusNames(List<Meter> meters) {
        Set<String> names = new TreeSet<>(PROMETHEUS_SERIES);
        meters.forEach(m -> names.addAll(m.prometheusNames()));
        names.addAll(BinderMeters.seriesNames());
        return names;
    }

    record Typed(Type type, String baseUnit, boolean histogram) {

        Typed(Type type, String baseUnit) {
            this(type, baseUnit, false);
        }
    }

    /** How the constant is registered: by which builder or registry call, with which base unit. */
    static Optional<Typed> typeOf(String constant, List<Path> sources) {
        String reference = "\\(\\s*(?:\\w+\\.)?" + constant + "\\b";
        Pattern builder = Pattern.compile(
                "\\b(MultiGauge|Gauge|TimeGauge|Counter|FunctionCounter|Timer|FunctionTimer|DistributionSummary)\\.builder"
                        + reference);
        Pattern registry = Pattern.compile("\\.(gauge|counter|timer|summary|more\\(\\)\\.counter)" + reference);
        for (Path file : sources) {
            String source = Repository.read(file);
            Matcher b = builder.matcher(source);
            if (b.find()) {
                Type type =
                        switch (b.group(1)) {
                            case "Counter", "FunctionCounter" -> Type.COUNTER;
                            case "Timer", "FunctionTimer" -> Type.TIMER;
                            case "DistributionSummary" -> Type.SUMMARY;
                            default -> Type.GAUGE;
                        };
                String unit = b.group(1).equals("TimeGauge") ? "seconds" : baseUnit(source, b.end());
                return Optional.of(
                        new Typed(type, unit, chain(source, b.end()).contains(".publishPercentileHistogram(")));
            }
            Matcher r = registry.matcher(source);
            if (r.find()) {
                Type type =
                        switch (r.group(1)) {
                            case "counter", "more().counter" -> Type.COUNTER;
                            case "timer" -> Type.TIMER;
                            case "summary" -> Type.SUMMARY;
                            default -> Type.GAUGE;
                        };
                return Optional.of(new Typed(type, null));
            }
        }
        return Optional.empty();
    }

    /** The builder chain that starts at {@code from}, up to its register call. */
    private static String chain(String source, int from) {
        int register = source.indexOf(".register(", from);
        return source.substring(from, register < 0 ? source.length() : register);
    }

    /** The base unit set on the builder chain that starts at {@code from}, up to its register call. */
    private static String baseUnit(String source, int from) {
        Matcher m = BASE_UNIT.matcher(chain(source, from));
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2).toLowerCase();
    }
}
