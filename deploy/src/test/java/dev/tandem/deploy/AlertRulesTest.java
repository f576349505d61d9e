package dev.tandem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/prometheus/alerts.yml: complete rules, on metrics the code exports, with a runbook that exists. */
class AlertRulesTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning");
    private static final Pattern DURATION = Pattern.compile("\\d+[smhd]");

    private final List<Map<String, Object>> rules = rules();

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>)
                Repository.yamlFile(PrometheusConfigTest.RULES).get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> rule, String key) {
        return (Map<String, Object>) rule.getOrDefault(key, Map.of());
    }

    @Test
    void everyAlertHasExprDurationSeverityAndOnCallAnnotations() {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map<String, Object> rule : rules) {
            String name = String.valueOf(rule.get("alert"));
            if (!rule.containsKey("alert")) {
                problems.add("a rule without alert name (recording rules belong elsewhere): " + rule);
                continue;
            }
            if (!names.add(name)) {
                problems.add(name + ": defined twice");
            }
            if (String.valueOf(rule.getOrDefault("expr", "")).isBlank()) {
                problems.add(name + ": no expr");
            }
            if (!DURATION.matcher(String.valueOf(rule.get("for"))).matches()) {
                problems.add(name + ": no 'for' duration (write 'for: 0m' to fire at once on purpose)");
            }
            if (!SEVERITIES.contains(String.valueOf(map(rule, "labels").get("severity")))) {
                problems.add(name + ": severity must be one of " + SEVERITIES);
            }
            for (String annotation : List.of("summary", "description", "runbook")) {
                if (String.valueOf(map(rule, "annotations").getOrDefault(annotation, ""))
                        .isBlank()) {
                    problems.add(name + ": no " + annotation + " annotation");
                }
            }
        }
        assertThat(rules).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void alertsSelectOnlySeriesAndTagValuesTheCodeExports() {
        Expressions expressions = Expressions.ofCode();
        List<String> problems = new ArrayList<>();
        rules.forEach(rule ->
                problems.addAll(expressions.problems("alert " + rule.get("alert"), String.valueOf(rule.get("expr")))));
        assertThat(problems).isEmpty();
    }

    @Test
    void onCallIsAlertedOnLagStallDeadLettersAndConfirmedDifferences() {
        List<String> exprs =
                rules.stream().map(r -> String.valueOf(r.get("expr"))).toList();
        assertThat(exprs).anyMatch(e -> e.contains("tandem_retry_lag_seconds") && e.contains(">"));
        assertThat(exprs).anyMatch(e -> e.contains("tandem_retry_status{status=\"STALLED\"}"));
        // The DLT's size, not recent dead-lettering: the alert stays while records are kept there.
        assertThat(exprs).anyMatch(e -> e.contains("tandem_retry_dlt_records") && e.endsWith("> 0"));
        assertThat(exprs).noneMatch(e -> e.contains("outcome=\"dead_lettered\"") && e.contains("increase("));
        assertThat(exprs).anyMatch(e -> e.contains("tandem_reconcile_confirmed_differences") && e.contains("> 0"));
    }

    @Test
    void onCallIsAlertedAtOnceOnAnyLostWrite() {
        Map<String, Object> lost = rules.stream()
                .filter(r -> String.valueOf(r.get("expr")).contains("tandem_dualwrite_lost_total"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alert on tandem_dualwrite_lost_total"));
        assertThat(String.valueOf(lost.get("expr"))).contains("increase(").endsWith("> 0");
        assertThat(lost.get("for")).isEqualTo("0m");
        assertThat(map(lost, "labels").get("severity")).isEqualTo("critical");
        assertThat(String.valueOf(map(lost, "annotations").get("description"))).contains("--repair");
    }

    @Test
    void reconcileOverdueHasAnAbsentGuardAndDoesNotExcludeARunlessStart() {
        String overdue = rules.stream()
                .filter(r -> "TandemReconcileOverdue".equals(r.get("alert")))
                .map(r -> String.valueOf(r.get("expr")))
                .findFirst()
                .orElseThrow();
        assertThat(overdue)
                .contains("absent(tandem_reconcile_last_run_finished_seconds{job=\"reconciler\"})")
                .contains("process_start_time_seconds");
    }

    @Test
    void onCallIsAlertedOnTheSpoolTheOutboxAndTheMigrationPhase() {
        List<String> exprs =
                rules.stream().map(r -> String.valueOf(r.get("expr"))).toList();
        assertThat(exprs).anyMatch(e -> e.contains("tandem_dualwrite_spool_fill_ratio") && e.contains(">"));
        assertThat(exprs).anyMatch(e -> e.contains("tandem_dualwrite_outbox_oldest_age_seconds") && e.contains(">"));
        assertThat(exprs).anyMatch(e -> e.contains("tandem_migration_phase"));
        assertThat(exprs)
                .anyMatch(e ->
                        e.contains("resilience4j_circuitbreaker_state{name=\"" + BinderMeters.breakerName() + "\""));
    }

    @Test
    void runbookLinksPointToAReadmeHeading() {
        Set<String> anchors = new HashSet<>();
        Matcher heading = Pattern.compile("(?m)^#{1,6}\\s+(.+)$").matcher(Repository.read("README.md"));
        while (heading.find()) {
            anchors.add(githubAnchor(heading.group(1)));
        }
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            String runbook = String.valueOf(map(rule, "annotations").get("runbook"));
            int hash = runbook.indexOf('#');
            if (!runbook.startsWith("README.md#") || !anchors.contains(runbook.substring(hash + 1))) {
                problems.add(rule.get("alert") + ": runbook '" + runbook + "' is no heading of README.md");
            }
        }
        assertThat(problems).isEmpty();
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String githubAnchor(String heading) {
        String text = Normalizer.normalize(heading.trim(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
