package dev.tandem.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values Tandem's code gives the bounded tags that alerts and panels select on, read from the
 * enums and literals that produce them, so a selector like {@code status="STALED"} cannot match nothing
 * unnoticed.
 */
final class LabelValues {

    /** A tag of the series named {@code metric} (all its Prometheus names start with it) and its values. */
    record Tag(String metric, String label, List<String> values) {}

    private static final String RETRY = "retry-consumer/src/main/java/dev/tandem/retry/";
    private static final String CORE = "core/src/main/java/dev/tandem/core/";
    private static final String STARTER = "spring-boot-starter/src/main/java/dev/tandem/autoconfigure/";

    private LabelValues() {}

    static List<Tag> tags() {
        List<String> applyOutcomes = new ArrayList<>(Repository.enumConstants(CORE + "ApplyOutcome.java"));
        applyOutcomes.addAll(
                literals(STARTER + "MicrometerDualWriterMetrics.java", "timer\\(registry, \"([A-Z_]+)\"\\)"));
        return List.of(
                new Tag("tandem_retry_status", "status", Repository.enumConstants(RETRY + "lag/LagStatus.java")),
                new Tag(
                        "tandem_retry_records",
                        "outcome",
                        literals(RETRY + "listener/ConsumerMetrics.java", "outcome\\(\"([a-z_]+)\"\\)")),
                new Tag(
                        "tandem_retry_dead_letters",
                        "reason",
                        Repository.enumConstants(RETRY + "apply/DeadLetterReason.java")),
                new Tag("tandem_dualwrite_apply", "outcome", applyOutcomes),
                new Tag("tandem_dualwrite_handoff", "reason", Repository.enumConstants(CORE + "HandOffReason.java")),
                new Tag("resilience4j_circuitbreaker_state", "state", BinderMeters.states()),
                new Tag("tandem_migration_phase", "phase", Repository.enumConstants(CORE + "control/Phase.java")),
                new Tag("tandem_reconcile_last_run_verdict", "verdict", List.of("CLEAN", "DIFFERENCES", "FAILED")),
                new Tag("tandem_reconcile_runs", "verdict", List.of("CLEAN", "DIFFERENCES", "FAILED")));
    }

    /** Labels every scraped series carries besides its own tags. */
    static final List<String> TARGET_LABELS = List.of("job", "instance", "quantile", "le", "name", "topic", "group");

    static Map<String, Tag> byMetric() {
        return tags().stream().collect(java.util.stream.Collectors.toMap(Tag::metric, t -> t));
    }

    private static List<String> literals(String file, String regex) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(Repository.read(file));
        while (m.find()) {
            values.add(m.group(1));
        }
        if (values.isEmpty()) {
            throw new IllegalStateException("no tag values matching " + regex + " in " + file);
        }
        return values;
    }
}
