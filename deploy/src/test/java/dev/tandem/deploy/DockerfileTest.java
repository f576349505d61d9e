package dev.tandem.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The service images built from this repository (retry-consumer/Dockerfile, reconciler/Dockerfile). */
class DockerfileTest {

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?");
    private static final Pattern PINNED = Pattern.compile("[^:]+:(?!latest$)[^:]*\\d[^:]*");

    private final Compose compose = Compose.load();

    /** A service built here: its compose entry and its Dockerfile. */
    record Built(String service, Map<String, Object> definition, String dockerfilePath, String dockerfile) {}

    private List<Built> built() {
        List<Built> built = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> build) {
                String context = String.valueOf(build.get("context"));
                String dockerfile = String.valueOf(build.get("dockerfile"));
                Path file = Repository.path(context).resolve(dockerfile).normalize();
                assertThat(file).as("Dockerfile of " + name).isRegularFile();
                built.add(new Built(
                        name, service, Repository.root().relativize(file).toString(), Repository.read(file)));
            }
        });
        return built;
    }

    @Test
    void retryConsumerAndReconcilerAreBuiltFromTheRepositoryRoot() {
        assertThat(built())
                .extracting(Built::service)
                .containsExactlyInAnyOrder("retry-consumer", "reconciler", "payments");
        compose.services().forEach((name, service) -> {
            if (service.get("build") instanceof Map<?, ?> build) {
                assertThat(build.get("context")).as(name + " build context").isEqualTo(".");
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> everyDockerfileBuildsAModuleOfTheReactorAndRunsItsJar() {
        return built().stream()
                .map(b -> DynamicTest.dynamicTest(b.dockerfilePath(), () -> {
                    Matcher pl = Pattern.compile("-pl\\s+(\\S+)\\s+-am\\b").matcher(b.dockerfile());
                    assertThat(pl.find())
                            .as(b.dockerfilePath() + " builds one module with -pl <module> -am")
                            .isTrue();
                    String module = pl.group(1);
                    assertThat(Repository.modules())
                            .as("modules of the root POM")
                            .contains(module);
                    assertThat(b.dockerfilePath()).startsWith(module + "/");
                    String jar = module + "/target/" + Repository.artifactId(module) + "-";
                    assertThat(b.dockerfile()).as("copies the module's own jar").contains(jar);
                    assertThat(b.dockerfile()).contains("-DskipTests").contains("package");
                    assertThat(b.dockerfile()).containsPattern("ENTRYPOINT \\[\"java\", \"-jar\", \"[^\"]+\\.jar\"]");
                }));
    }

    @TestFactory
    Stream<DynamicTest> runtimeStageIsAPinnedJreRunningAsANonRootUser() {
        return built().stream()
                .map(b -> DynamicTest.dynamicTest(b.dockerfilePath(), () -> {
                    List<String> images = new ArrayList<>();
                    Matcher from = FROM.matcher(b.dockerfile());
                    int lastFrom = 0;
                    while (from.find()) {
                        images.add(from.group(1));
                        lastFrom = from.start();
                    }
                    assertThat(images).hasSizeGreaterThanOrEqualTo(2);
                    assertThat(images).allSatisfy(image -> assertThat(image).matches(PINNED));
                    assertThat(images.get(0)).startsWith("maven:3.9").contains("temurin-17");
                    assertThat(images.get(images.size() - 1))
                            .startsWith("eclipse-temurin:17")
                            .contains("jre");
                    String runtime = b.dockerfile().substring(lastFrom);
                    Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(runtime);
                    assertThat(user.find()).as("runtime stage sets a USER").isTrue();
                    assertThat(user.group(1)).isNotIn("root", "0", "0:0");
                }));
    }

    @TestFactory
    Stream<DynamicTest> imageExposesAndChecksThePortComposeRunsItOn() {
        return built().stream()
                .map(b -> DynamicTest.dynamicTest(b.service(), () -> {
                    String port = Compose.environment(b.definition()).get("SERVER_PORT");
                    assertThat(port).as(b.service() + " sets SERVER_PORT").isNotBlank();
                    assertThat(b.dockerfile()).contains("EXPOSE " + port);
                    assertThat(b.dockerfile()).contains("http://localhost:" + port + "/actuator/health/readiness");
                    // The Ubuntu-based Temurin runtime has curl; anything else must be installed first.
                    assertThat(Compose.healthcheck(b.definition())).startsWith("CMD curl");
                }));
    }

    @TestFactory
    Stream<DynamicTest> springBootModulesAreRepackagedIntoAnExecutableJar() {
        return built().stream()
                .map(b -> DynamicTest.dynamicTest(b.service(), () -> {
                    Matcher pl = Pattern.compile("-pl\\s+(\\S+)").matcher(b.dockerfile());
                    assertThat(pl.find()).isTrue();
                    String module = pl.group(1);
                    boolean application = Repository.mainSources(module).stream()
                            .anyMatch(f -> Repository.read(f).contains("@SpringBootApplication"));
                    assumeTrue(
                            application,
                            module
                                    + " has no @SpringBootApplication yet: its image can be built once the service exists");
                    String pom = Repository.read(module + "/pom.xml");
                    assertThat(pom)
                            .as(module + "/pom.xml repackages the jar (java -jar needs it)")
                            .contains("spring-boot-maven-plugin")
                            .contains("<goal>repackage</goal>");
                }));
    }

    @Test
    void dockerignoreKeepsEveryModulesPomAndSources() {
        List<PathMatcher> ignored = Repository.read(".dockerignore")
                .lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(p -> FileSystems.getDefault().getPathMatcher("glob:" + p))
                .toList();
        List<String> needed = new ArrayList<>(List.of("pom.xml"));
        for (String module : Repository.modules()) {
            needed.add(module + "/pom.xml");
            needed.add(module + "/src/main/java/X.java");
            needed.add(module + "/src/main/resources/application.yml");
        }
        for (String file : needed) {
            for (int i = 1; i <= Path.of(file).getNameCount(); i++) {
                Path prefix = Path.of(file).subpath(0, i);
                assertThat(ignored)
                        .as(".dockerignore must not drop " + prefix + " (needed by the image build)")
                        .noneMatch(m -> m.matches(prefix));
            }
        }
        assertThat(ignored)
                .as(".dockerignore drops build output")
                .anyMatch(m -> m.matches(Path.of("reconciler/target")));
        assertThat(Files.exists(Repository.path(".dockerignore"))).isTrue();
    }
}
