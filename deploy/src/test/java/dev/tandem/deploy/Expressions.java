package dev.tandem.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks PromQL expressions against what the code exports: series names, tag names and tag values. */
final class Expressions {

    private final Set<String> series;
    private final Map<String, LabelValues.Tag> tags;

    private Expressions(Set<String> series, Map<String, LabelValues.Tag> tags) {
        this.series = series;
        this.tags = tags;
    }

    static Expressions ofCode() {
        return new Expressions(ExportedMetrics.prometheusNames(ExportedMetrics.all()), LabelValues.byMetric());
    }

    /** What is wrong with one expression, each problem naming {@code where} it was found. */
    List<String> problems(String where, String expr) {
        List<String> problems = new ArrayList<>();
        Set<String> used = PromQl.metrics(expr);
        if (used.isEmpty()) {
            problems.add(where + ": selects no Tandem series: " + expr);
        }
        for (String name : used) {
            if (!series.contains(name)) {
                problems.add(where + ": " + name + " is not a series the code exports");
            }
        }
        for (PromQl.Selector selector : PromQl.matchers(expr)) {
            LabelValues.Tag tag = tagOf(selector.metric());
            if (tag == null) {
                continue;
            }
            if (!selector.label().equals(tag.label()) && !LabelValues.TARGET_LABELS.contains(selector.label())) {
                problems.add(where + ": " + selector.metric() + " has no label '" + selector.label() + "' (its tag is '"
                        + tag.label() + "')");
                continue;
            }
            if (selector.label().equals(tag.label()) && !selector.operator().startsWith("!")) {
                List<String> values = selector.operator().equals("=~")
                        ? List.of(selector.value().split("\\|"))
                        : List.of(selector.value());
                for (String value : values) {
                    if (!tag.values().contains(value)) {
                        problems.add(where + ": " + selector.metric() + "{" + tag.label() + "=\"" + value
                                + "\"} never exists; the code emits " + tag.values());
                    }
                }
            }
        }
        return problems;
    }

    private LabelValues.Tag tagOf(String series) {
        return tags.values().stream()
                .filter(t -> series.equals(t.metric()) || series.startsWith(t.metric() + "_"))
                .findFirst()
                .orElse(null);
    }
}
