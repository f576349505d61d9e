package dev.tandem.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, checked without a Docker engine. */
class ComposeFileTest {

    private static final Pattern PINNED_TAG = Pattern.compile(".+:(?!latest$)[^:/]*\\d[^:/]*$");
    private static final Set<String> LOCAL_ADDRESSES = Set.of("127.0.0.1", "[::1]");

    private final Compose compose = Compose.load();

    @Test
    void stackHasTheServicesOfIssue7() {
        assertThat(compose.services())
                .containsKeys(
                        "kafka",
                        "kafka-init",
                        "mysql",
                        "postgres",
                        "retry-consumer",
                        "reconciler",
                        "mailpit",
                        "prometheus",
                        "grafana",
                        "payments",
                        "payments-load");
        assertThat(compose.service("kafka").get("image")).asString().startsWith("apache/kafka:");
        assertThat(compose.service("mysql").get("image")).asString().startsWith("mysql:8");
    }

    @Test
    void everyServiceHasAPinnedImageOrIsBuiltHere() {
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            if (service.containsKey("build")) {
                return;
            }
            String image = String.valueOf(service.get("image"));
            if (!PINNED_TAG.matcher(image).matches()) {
                problems.add(name + ": image '" + image + "' is not pinned to a version");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void longRunningServicesHaveHealthchecksAndOneShotsAreAwaitedToCompletion() {
        Map<String, String> awaited = new HashMap<>();
        compose.services().values().forEach(s -> awaited.putAll(Compose.dependsOn(s)));
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            if (!service.containsKey("restart")) {
                problems.add(name + ": declares no restart policy (\"no\" for one-shot services)");
            } else if (Compose.restart(service).equals("no")) {
                if (!"service_completed_successfully".equals(awaited.get(name))) {
                    problems.add(name + ": one-shot (restart \"no\") but no service waits for it to complete");
                }
            } else if (Compose.healthcheck(service).isBlank()) {
                problems.add(name + ": long-running but has no healthcheck");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void dependsOnConditionsFitTheServicesTheyWaitFor() {
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> Compose.dependsOn(service).forEach((dependency, condition) -> {
            Map<String, Object> target = compose.services().get(dependency);
            if (target == null) {
                problems.add(name + ": depends on unknown service " + dependency);
                return;
            }
            switch (condition) {
                case "service_healthy" -> {
                    if (Compose.healthcheck(target).isBlank()) {
                        problems.add(name + ": waits for " + dependency + " to be healthy, which has no healthcheck");
                    }
                }
                case "service_completed_successfully" -> {
                    if (!Compose.restart(target).equals("no")) {
                        problems.add(name + ": waits for " + dependency + " to complete, which is restarted");
                    }
                }
                default -> problems.add(name + ": waits for " + dependency + " only to start (" + condition
                        + "); wait for it to be healthy or completed");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void servicesStartAfterTheStoresAndTopicsTheyUse() {
        assertThat(Compose.dependsOn(compose.service("retry-consumer")))
                .containsEntry("postgres", "service_healthy")
                .containsEntry("kafka-init", "service_completed_successfully");
        assertThat(Compose.dependsOn(compose.service("reconciler")))
                .containsEntry("mysql", "service_healthy")
                .containsEntry("postgres", "service_healthy")
                .containsEntry("kafka-init", "service_completed_successfully");
        assertThat(Compose.dependsOn(compose.service("kafka-init"))).containsEntry("kafka", "service_healthy");
    }

    @Test
    void publishedPortsAreUniqueAndBoundToLoopback() {
        List<Compose.Published> ports = new ArrayList<>();
        compose.services().forEach((name, service) -> ports.addAll(Compose.published(name, service)));
        List<String> problems = new ArrayList<>();
        Map<Integer, String> byHostPort = new HashMap<>();
        for (Compose.Published port : ports) {
            if (!LOCAL_ADDRESSES.contains(port.hostIp())) {
                problems.add(port.service() + ": port " + port.containerPort() + " is published on '" + port.hostIp()
                        + "', not 127.0.0.1");
            }
            String other = byHostPort.put(port.hostPort(), port.service());
            if (port.hostPort() == 0 || other != null) {
                problems.add(
                        port.service() + ": host port " + port.hostPort() + " is missing or also used by " + other);
            }
        }
        assertThat(ports).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void everyVariableHasALocalDefault() {
        List<String> problems = new ArrayList<>();
        // Comments are not interpolated.
        String content = compose.raw().replaceAll("(?m)^\\s*#.*$", "");
        Matcher m = Compose.VARIABLE.matcher(content);
        while (m.find()) {
            if (m.group(2) == null || !m.group(2).endsWith("-")) {
                problems.add(m.group() + " has no default (write ${" + m.group(1) + ":-value})");
            }
        }
        Matcher bare = Compose.BARE_VARIABLE.matcher(content);
        while (bare.find()) {
            problems.add("$" + bare.group(1) + " is interpolated by Compose; write ${" + bare.group(1)
                    + ":-value}, or $$" + bare.group(1) + " for the container's shell");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void passwordsComeFromVariablesWithLocalDefaults() {
        Map<String, Map<String, Object>> uninterpolated = rawServices(Repository.yaml(compose.raw()));
        List<String> problems = new ArrayList<>();
        uninterpolated.forEach((name, service) -> Compose.environment(service).forEach((key, value) -> {
            if (key.matches(".*(PASSWORD|SECRET|TOKEN|_KEY)$") && !value.matches("\\$\\{[A-Z_]+:-[^}]*}")) {
                problems.add(name + ": " + key + " is written into the file; use ${SOME_VARIABLE:-local-default}");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void bindMountsPointIntoTheRepository() {
        List<String> problems = new ArrayList<>();
        compose.services()
                .forEach((name, service) -> Compose.bindMounts(service).forEach((source, target) -> {
                    if (!Files.exists(Repository.path(source))) {
                        problems.add(name + ": mounts " + source + ", which does not exist");
                    }
                }));
        assertThat(problems).isEmpty();
    }

    @Test
    void connectionSettingsNameServicesAndPortsTheyListenOn() {
        Pattern endpoint = Pattern.compile("(?://|^)([a-z][a-z0-9-]*):(\\d+)(?:[/?;]|$)");
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (var entry : compose.services().entrySet()) {
            for (var env : Compose.environment(entry.getValue()).entrySet()) {
                boolean connection =
                        env.getKey().endsWith("_URL") || env.getKey().endsWith("BOOTSTRAP_SERVERS");
                if (!connection) {
                    continue;
                }
                for (String address : env.getValue().split(",")) {
                    Matcher m = endpoint.matcher(address.trim());
                    if (!m.find()) {
                        problems.add(entry.getKey() + ": " + env.getKey() + " names no host:port");
                        continue;
                    }
                    checked++;
                    Map<String, Object> target = compose.services().get(m.group(1));
                    if (target == null) {
                        problems.add(entry.getKey() + ": " + env.getKey() + " names unknown service " + m.group(1));
                    } else if (!Compose.listens(m.group(1), target).contains(Integer.parseInt(m.group(2)))) {
                        problems.add(entry.getKey() + ": " + env.getKey() + " uses port " + m.group(2) + " of "
                                + m.group(1) + ", which listens on " + Compose.listens(m.group(1), target));
                    }
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
        assertThat(problems).isEmpty();
    }

    @Test
    void mailGoesToTheSmtpCatcher() {
        Map<String, String> env = Compose.environment(compose.service("reconciler"));
        String host = env.get("SPRING_MAIL_HOST");
        assertThat(compose.services()).containsKey(host);
        assertThat(Compose.listens(host, compose.service(host)))
                .contains(Integer.parseInt(env.get("SPRING_MAIL_PORT")));
    }

    @Test
    void springServicesCheckTheirHealthOnTheirOwnPort() {
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            String port = Compose.environment(service).get("SERVER_PORT");
            if (port == null) {
                return;
            }
            // Readiness, not the whole health: liveness and the other contributors stay out of it.
            String check = Compose.healthcheck(service);
            if (!check.contains("localhost:" + port + "/actuator/health/readiness")) {
                problems.add(name + ": healthcheck '" + check + "' does not ask localhost:" + port
                        + "/actuator/health/readiness");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void kafkaClusterIdIsAValidKraftClusterId() {
        String id = Compose.environment(compose.service("kafka")).get("CLUSTER_ID");
        assertThat(id).hasSize(22);
        assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
    }

    @Test
    void topicsTheServicesUseAreCreatedByKafkaInit() {
        String init = String.valueOf(compose.service("kafka-init").get("command"));
        Map<String, String> created = new HashMap<>();
        Matcher m =
                Pattern.compile("--create[^\\n]*?--topic\\s+(\\S+)([^\\n]*)").matcher(init);
        while (m.find()) {
            created.put(m.group(1), m.group(2));
        }
        assertThat(created)
                .containsKeys(
                        "tandem.retry",
                        "tandem.retry.dlt",
                        "tandem.control",
                        "tandem.control.audit",
                        "tandem.retry.reverse",
                        "tandem.retry.reverse.dlt");
        assertThat(created.get("tandem.retry")).contains("--partitions 6");
        assertThat(created.get("tandem.control")).contains("cleanup.policy=compact");
        List<String> used = new ArrayList<>();
        compose.services()
                .forEach((name, service) -> Compose.environment(service).forEach((key, value) -> {
                    if (key.endsWith("TOPIC")) {
                        used.add(value);
                    }
                }));
        assertThat(used).isNotEmpty();
        assertThat(created.keySet()).containsAll(used);
        // The topics Tandem derives from the configured ones: the control topic's audit trail, and
        // the reverse retry topic (and its DLT) the writes take after a cutover.
        List<String> derived = new ArrayList<>();
        for (String topic : used) {
            if (topic.endsWith(".dlt")) {
                continue;
            }
            derived.add(topic + ".reverse");
            derived.add(topic + ".reverse.dlt");
        }
        derived.add("tandem.control.audit");
        assertThat(created.keySet()).containsAll(derived);
    }

    @Test
    void servicesThatReachTheHostAsHostDockerInternalMapItToTheHostGateway() {
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            StringBuilder text = new StringBuilder(String.valueOf(service));
            Compose.bindMounts(service).keySet().stream()
                    .filter(source -> Files.isRegularFile(Repository.path(source)))
                    .forEach(source -> text.append(Repository.read(source)));
            Object hosts = service.getOrDefault("extra_hosts", List.of());
            if (text.toString().contains("host.docker.internal")
                    && !String.valueOf(hosts).contains("host.docker.internal:host-gateway")) {
                problems.add(
                        name + ": uses host.docker.internal without extra_hosts host.docker.internal:host-gateway");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(String.valueOf(compose.service("prometheus").get("extra_hosts")))
                .contains("host.docker.internal:host-gateway");
    }

    @Test
    void anApplicationWritesThroughTheLibraryUnderLoadAndIsScraped() {
        Map<String, String> payments = Compose.environment(compose.service("payments"));
        assertThat(compose.service("payments").get("build")).asString().contains("examples/payments/Dockerfile");
        assertThat(payments)
                .containsKeys(
                        "TANDEM_DUALWRITE_SECONDARY_URL", "SPRING_DATASOURCE_URL", "SPRING_KAFKA_BOOTSTRAP_SERVERS")
                .containsEntry(
                        "TANDEM_DUALWRITE_KAFKA_TOPIC",
                        Compose.environment(compose.service("retry-consumer")).get("TANDEM_RETRY_TOPIC"));
        // The load generator posts to the payments API, and waits for it to be ready.
        Map<String, Object> load = compose.service("payments-load");
        assertThat(Compose.environment(load).get("PAYMENTS_URL")).isEqualTo("http://payments:8080");
        assertThat(String.valueOf(load.get("command"))).contains("$PAYMENTS_URL/payments");
        assertThat(Compose.dependsOn(load)).containsEntry("payments", "service_healthy");
        assertThat(Repository.read(PrometheusConfigTest.CONFIG)).contains("targets: [\"payments:8080\"]");
    }

    @Test
    void theReconcilersTableHasAVersionColumnAndTheApplicationsColumnsInBothStores() {
        Map<String, String> reconciler = Compose.environment(compose.service("reconciler"));
        String table = reconciler.get("TANDEM_RECONCILER_TABLES_0_NAME");
        String version = reconciler.get("TANDEM_RECONCILER_TABLES_0_VERSIONCOLUMN");
        assertThat(version).as("the version column backfill copies by").isNotBlank();
        String entity = Repository.read("examples/payments/src/main/java/dev/tandem/example/payments/Payment.java");
        Matcher field = Pattern.compile("(?m)^    private (?:[A-Za-z.]+) ([a-z][A-Za-z]*);")
                .matcher(entity);
        List<String> columns = new ArrayList<>(List.of(version));
        while (field.find()) {
            columns.add(field.group(1).replaceAll("([A-Z])", "_$1").toLowerCase());
        }
        assertThat(columns).contains("merchant", "created_at");
        for (String sql :
                List.of("deploy/sql/mysql/01-example-payments.sql", "deploy/sql/postgres/01-example-payments.sql")) {
            String script = Repository.read(sql);
            assertThat(script).contains("CREATE TABLE " + table + " (");
            assertThat(columns).allSatisfy(column -> assertThat(script)
                    .as(sql + " has column " + column)
                    .containsPattern("(?m)^\\s+" + column + "\\s"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> rawServices(Map<String, Object> document) {
        return (Map<String, Map<String, Object>>) document.get("services");
    }
}
