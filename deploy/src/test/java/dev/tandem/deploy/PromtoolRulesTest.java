package dev.tandem.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/alerts-test.yml: promtool's unit tests of the alert rules, with series that make
 * every alert fire and then clear; run with promtool when it is on the PATH.
 */
class PromtoolRulesTest {

    static final String TESTS = "deploy/prometheus/alerts-test.yml";

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertIsTestedFiringAndClearing() {
        Map<String, Object> document = Repository.yamlFile(TESTS);
        assertThat((List<String>) document.get("rule_files")).containsExactly("alerts.yml");
        Set<String> fires = new HashSet<>();
        Set<String> clears = new HashSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) document.get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                String alert = String.valueOf(check.get("alertname"));
                List<Object> expected = (List<Object>) check.getOrDefault("exp_alerts", List.of());
                (expected.isEmpty() ? clears : fires).add(alert);
            }
        }
        List<String> alerts = AlertRulesTest.rules().stream()
                .map(r -> String.valueOf(r.get("alert")))
                .toList();
        assertThat(fires).as("alerts with a firing test").containsAll(alerts);
        assertThat(clears).as("alerts with a clearing test").containsAll(alerts);
    }

    @Test
    void promtoolPassesTheRuleUnitTests() throws Exception {
        Optional<Path> promtool = PrometheusConfigTest.onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not on PATH (Debian: apt-get install prometheus); skipped");
        assertThat(PrometheusConfigTest.run(promtool.get().toString(), "test", "rules", TESTS))
                .contains("SUCCESS");
    }
}
