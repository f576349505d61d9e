package dev.tandem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provisioned Grafana dashboard deploy/grafana/dashboards/tandem.json and its provisioning. */
class DashboardTest {

    static final String DASHBOARD = "deploy/grafana/dashboards/tandem.json";
    static final String DATASOURCES = "deploy/grafana/provisioning/datasources/prometheus.yml";
    static final String PROVIDERS = "deploy/grafana/provisioning/dashboards/tandem.yml";

    private final JsonNode dashboard = Repository.json(DASHBOARD);

    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        });
        return panels;
    }

    private List<JsonNode> queryPanels() {
        return panels().stream()
                .filter(p -> !p.path("type").asText().equals("row"))
                .toList();
    }

    @Test
    void dashboardIsTandemWithUniquePanelIds() {
        assertThat(dashboard.path("uid").asText()).isEqualTo("tandem");
        assertThat(dashboard.path("title").asText()).isEqualTo("Tandem");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels()) {
            assertThat(panel.has("id"))
                    .as("panel '" + panel.path("title").asText() + "' has an id")
                    .isTrue();
            assertThat(ids.add(panel.path("id").asInt()))
                    .as("panel id " + panel.path("id").asInt() + " is unique")
                    .isTrue();
        }
        assertThat(queryPanels()).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyQueryUsesTheProvisionedPrometheusDatasource() {
        List<Map<String, Object>> datasources =
                (List<Map<String, Object>>) Repository.yamlFile(DATASOURCES).get("datasources");
        assertThat(datasources).hasSize(1);
        String uid = String.valueOf(datasources.get(0).get("uid"));
        assertThat(datasources.get(0).get("type")).isEqualTo("prometheus");
        assertThat(String.valueOf(datasources.get(0).get("url"))).isEqualTo("http://prometheus:9090");
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : queryPanels()) {
            String title = panel.path("title").asText();
            if (!panel.path("datasource").path("uid").asText().equals(uid)) {
                problems.add(title + ": panel datasource is not " + uid);
            }
            if (panel.path("targets").isEmpty()) {
                problems.add(title + ": no query");
            }
            for (JsonNode target : panel.path("targets")) {
                if (target.has("datasource")
                        && !target.path("datasource").path("uid").asText().equals(uid)) {
                    problems.add(title + ": query " + target.path("refId").asText() + " uses another datasource");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void panelsSelectOnlySeriesAndTagValuesTheCodeExports() {
        Expressions expressions = Expressions.ofCode();
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : queryPanels()) {
            for (JsonNode target : panel.path("targets")) {
                problems.addAll(expressions.problems(
                        "panel '" + panel.path("title").asText() + "'",
                        target.path("expr").asText()));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void dashboardShowsWhatOnCallWatches() {
        Set<String> shown = new HashSet<>();
        queryPanels().forEach(p -> p.path("targets")
                .forEach(t -> shown.addAll(PromQl.metrics(t.path("expr").asText()))));
        assertThat(shown)
                .contains(
                        "tandem_retry_lag_records",
                        "tandem_retry_lag_seconds",
                        "tandem_retry_status",
                        "tandem_retry_apply_rate",
                        "tandem_retry_drain_eta_seconds",
                        "tandem_retry_records_total",
                        "tandem_retry_dead_letters_total",
                        "tandem_dualwrite_apply_seconds_count",
                        "tandem_dualwrite_handoff_total",
                        "resilience4j_circuitbreaker_state",
                        "tandem_dualwrite_spool_fill_ratio",
                        "tandem_dualwrite_outbox_oldest_age_seconds",
                        "tandem_dualwrite_lost_total",
                        "tandem_migration_phase",
                        "tandem_retry_dlt_records",
                        "tandem_reconcile_confirmed_differences",
                        "tandem_reconcile_last_run_finished_seconds",
                        "tandem_reconcile_runs_total");
    }

    @Test
    void panelsFitTheGridWithoutOverlapping() {
        List<String> problems = new ArrayList<>();
        List<JsonNode> panels = panels();
        for (int i = 0; i < panels.size(); i++) {
            JsonNode a = panels.get(i).path("gridPos");
            if (a.path("x").asInt() + a.path("w").asInt() > 24
                    || a.path("w").asInt() < 1
                    || a.path("h").asInt() < 1) {
                problems.add(panels.get(i).path("title").asText() + ": outside the 24-column grid");
            }
            for (int j = i + 1; j < panels.size(); j++) {
                JsonNode b = panels.get(j).path("gridPos");
                boolean apart =
                        a.path("x").asInt() + a.path("w").asInt() <= b.path("x").asInt()
                                || b.path("x").asInt() + b.path("w").asInt()
                                        <= a.path("x").asInt()
                                || a.path("y").asInt() + a.path("h").asInt()
                                        <= b.path("y").asInt()
                                || b.path("y").asInt() + b.path("h").asInt()
                                        <= a.path("y").asInt();
                if (!apart) {
                    problems.add(panels.get(i).path("title").asText() + " overlaps "
                            + panels.get(j).path("title").asText());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaLoadsTheDashboardFromWhereComposeMountsIt() {
        Compose compose = Compose.load();
        Map<String, Object> grafana = compose.service("grafana");
        Map<String, String> mounts = Compose.bindMounts(grafana);
        String dashboardsIn = mounts.get("./deploy/grafana/dashboards");
        assertThat(mounts).containsEntry("./deploy/grafana/provisioning", "/etc/grafana/provisioning");
        List<Map<String, Object>> providers =
                (List<Map<String, Object>>) Repository.yamlFile(PROVIDERS).get("providers");
        assertThat(providers)
                .extracting(p -> ((Map<String, Object>) p.get("options")).get("path"))
                .containsExactly(dashboardsIn);
        assertThat(Compose.environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
                .isEqualTo(dashboardsIn + "/tandem.json");
    }
}
