package dev.tandem.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository these tests check: its files, read as text, YAML or JSON. */
final class Repository {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT_ID =
            Pattern.compile("</parent>.*?<artifactId>([^<]+)</artifactId>", Pattern.DOTALL);

    private Repository() {}

    static Path root() {
        return Path.of(System.getProperty("tandem.repository-root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        return read(path(relative));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return loaded == null ? Map.of() : (Map<String, Object>) loaded;
    }

    static Map<String, Object> yamlFile(String relative) {
        return yaml(read(relative));
    }

    static JsonNode json(String relative) {
        try {
            return new ObjectMapper().readTree(path(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The modules the root POM builds. */
    static List<String> modules() {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(read("pom.xml"));
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    /** A module's own artifactId (the first one after its parent block). */
    static String artifactId(String module) {
        Matcher m = ARTIFACT_ID.matcher(read(module + "/pom.xml"));
        if (!m.find()) {
            throw new IllegalStateException(module + "/pom.xml declares no artifactId of its own");
        }
        return m.group(1).trim();
    }

    /** Java main sources of a module. */
    static List<Path> mainSources(String module) {
        Path sources = path(module + "/src/main/java");
        if (!Files.isDirectory(sources)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module's Spring configuration file in src/main/resources, if it has one. */
    static Optional<Map<String, Object>> applicationYaml(String module) {
        for (String name : List.of("application.yml", "application.yaml")) {
            Path file = path(module + "/src/main/resources/" + name);
            if (Files.isRegularFile(file)) {
                return Optional.of(yaml(read(file)));
            }
        }
        return Optional.empty();
    }

    /** A value in nested YAML maps by dotted path, e.g. {@code server.port}. */
    @SuppressWarnings("unchecked")
    static Optional<Object> at(Map<String, Object> yaml, String dotted) {
        Object node = yaml;
        for (String key : dotted.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            node = ((Map<String, Object>) map).get(key);
        }
        return Optional.ofNullable(node);
    }

    /** The constants of an enum declared in a Java source file. */
    static List<String> enumConstants(String relative) {
        String source = read(relative).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        int body = source.indexOf('{', source.indexOf(" enum "));
        int end = source.indexOf(';', body);
        String constants = source.substring(body + 1, end < 0 ? source.lastIndexOf('}') : end)
                .replaceAll("\\([^)]*\\)", "");
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\b([A-Z][A-Z0-9_]*)\\b").matcher(constants);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
