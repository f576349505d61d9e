package dev.tandem.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** deploy/prometheus/prometheus.yml against the services of docker-compose.yml. */
class PrometheusConfigTest {

    static final String CONFIG = "deploy/prometheus/prometheus.yml";
    static final String RULES = "deploy/prometheus/alerts.yml";

    private final Compose compose = Compose.load();
    private final Map<String, Object> config = Repository.yamlFile(CONFIG);

    /** One scrape target: job, host (a compose service), port and path. */
    record Target(String job, String host, int port, String path) {}

    @SuppressWarnings("unchecked")
    private List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
            String path = String.valueOf(job.getOrDefault("metrics_path", "/metrics"));
            for (Map<String, Object> statics : (List<Map<String, Object>>) job.get("static_configs")) {
                for (String target : (List<String>) statics.get("targets")) {
                    String[] hostPort = target.split(":");
                    targets.add(new Target(
                            String.valueOf(job.get("job_name")), hostPort[0], Integer.parseInt(hostPort[1]), path));
                }
            }
        }
        return targets;
    }

    @Test
    void bothServicesAreScrapedAtTheirPrometheusEndpoint() {
        assertThat(targets())
                .extracting(Target::job, Target::host, Target::path)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("retry-consumer", "retry-consumer", "/actuator/prometheus"),
                        org.assertj.core.groups.Tuple.tuple("reconciler", "reconciler", "/actuator/prometheus"));
    }

    @Test
    void scrapeTargetsAreComposeServicesOnThePortsTheyListenOn() {
        List<String> problems = new ArrayList<>();
        for (Target target : targets()) {
            Map<String, Object> service = compose.services().get(target.host());
            if (service == null) {
                problems.add(target.job() + ": " + target.host() + " is not a service of docker-compose.yml");
            } else if (!Compose.listens(target.host(), service).contains(target.port())) {
                problems.add(target.job() + ": " + target.host() + " listens on "
                        + Compose.listens(target.host(), service) + ", not " + target.port());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void retryConsumerListensWhereComposeSaysWithoutTheOverride() {
        // SERVER_PORT in docker-compose.yml restates the application's own default.
        Object port = Repository.applicationYaml("retry-consumer")
                .flatMap(yaml -> Repository.at(yaml, "server.port"))
                .orElseThrow();
        String fallback = String.valueOf(port).replaceAll("^\\$\\{[A-Z_]+:(\\d+)}$", "$1");
        assertThat(Compose.environment(compose.service("retry-consumer")).get("SERVER_PORT"))
                .isEqualTo(fallback);
    }

    @TestFactory
    Stream<DynamicTest> scrapedServicesExposeThePrometheusEndpoint() {
        return targets().stream()
                .filter(t -> t.path().startsWith("/actuator/"))
                .map(t -> DynamicTest.dynamicTest(t.host(), () -> {
                    String endpoint = t.path().substring("/actuator/".length());
                    Optional<String> exposure = Optional.ofNullable(Compose.environment(compose.service(t.host()))
                                    .get("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE"))
                            .or(() -> Repository.applicationYaml(t.host())
                                    .flatMap(y -> Repository.at(y, "management.endpoints.web.exposure.include"))
                                    .map(String::valueOf));
                    assumeTrue(
                            exposure.isPresent()
                                    || Repository.applicationYaml(t.host()).isPresent(),
                            t.host() + " has no application configuration yet; its exposure of " + t.path()
                                    + " cannot be checked");
                    assertThat(exposure)
                            .as(t.host() + " exposes actuator endpoint " + endpoint)
                            .hasValueSatisfying(list -> assertThat(
                                            Arrays.stream(list.split(",")).map(String::trim))
                                    .containsAnyOf(endpoint, "*"));
                }));
    }

    @Test
    @SuppressWarnings("unchecked")
    void ruleFilesAreTheAlertRulesMountedNextToTheConfig() {
        List<String> ruleFiles = (List<String>) config.get("rule_files");
        assertThat(ruleFiles).isNotEmpty();
        Map<String, String> mounts = Compose.bindMounts(compose.service("prometheus"));
        List<String> command = ((List<Object>) compose.service("prometheus").get("command"))
                .stream().map(String::valueOf).toList();
        String configInContainer = mounts.get("./" + CONFIG);
        assertThat(command).contains("--config.file=" + configInContainer);
        for (String ruleFile : ruleFiles) {
            assertThat(Path.of(ruleFile).isAbsolute())
                    .as(ruleFile + " relative to the config")
                    .isFalse();
            Path local = Repository.path(CONFIG).resolveSibling(ruleFile).normalize();
            assertThat(local).isRegularFile();
            String mountedAt = mounts.get("./" + Repository.root().relativize(local));
            assertThat(mountedAt)
                    .isEqualTo(
                            Path.of(configInContainer).resolveSibling(ruleFile).toString());
        }
    }

    @Test
    void promtoolAcceptsTheConfigAndTheRules() throws Exception {
        Optional<Path> promtool = onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not on PATH (Debian: apt-get install prometheus); skipped");
        assertThat(run(promtool.get().toString(), "check", "config", CONFIG)).contains("SUCCESS");
        assertThat(run(promtool.get().toString(), "check", "rules", RULES)).contains("SUCCESS");
    }

    static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(Repository.root().toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ":\n" + output)
                .isZero();
        return output;
    }
}
