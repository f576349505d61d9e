package dev.tandem.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml read the way Compose reads it with an empty environment: every {@code ${VAR:-default}}
 * replaced by its default and {@code $$} by {@code $}.
 */
final class Compose {

    static final String FILE = "docker-compose.yml";

    /** {@code ${NAME}}, {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?err}} … not preceded by another $. */
    static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}");
    /** A bare {@code $NAME} (Compose interpolates it too), not preceded by another $. */
    static final Pattern BARE_VARIABLE = Pattern.compile("(?<![$\\\\])\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final String raw;
    private final Map<String, Object> document;

    private Compose(String raw) {
        this.raw = raw;
        this.document = Repository.yaml(interpolate(raw));
    }

    static Compose load() {
        return new Compose(Repository.read(FILE));
    }

    static Compose of(String raw) {
        return new Compose(raw);
    }

    String raw() {
        return raw;
    }

    /** Replaces each variable by its default (empty when it has none) and {@code $$} by {@code $}. */
    static String interpolate(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String operator = m.group(2);
            String replacement = operator != null && operator.endsWith("-") ? m.group(3) : "";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("$$", "$");
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) document.getOrDefault("services", Map.of());
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = services().get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service '" + name + "'");
        }
        return service;
    }

    /** A service's environment as a map, whether written as a map or as a list of KEY=value. */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object declared = service.get("environment");
        if (declared instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((k, v) -> env.put(k, v == null ? "" : String.valueOf(v)));
        } else if (declared instanceof List<?> list) {
            for (Object entry : list) {
                String s = String.valueOf(entry);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }

    /** depends_on as service → condition ({@code service_started} for the short list form). */
    @SuppressWarnings("unchecked")
    static Map<String, String> dependsOn(Map<String, Object> service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        Object declared = service.get("depends_on");
        if (declared instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).forEach((name, spec) -> {
                Object condition = spec instanceof Map<?, ?> s ? s.get("condition") : null;
                conditions.put(name, condition == null ? "service_started" : String.valueOf(condition));
            });
        } else if (declared instanceof List<?> list) {
            list.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
        }
        return conditions;
    }

    /** A published port: host address, host port and container port. */
    record Published(String service, String hostIp, int hostPort, int containerPort) {}

    static List<Published> published(String name, Map<String, Object> service) {
        List<Published> ports = new ArrayList<>();
        Object declared = service.get("ports");
        if (!(declared instanceof List<?> list)) {
            return ports;
        }
        for (Object entry : list) {
            String spec = String.valueOf(entry).replaceFirst("/(tcp|udp)$", "");
            String[] parts = spec.split(":");
            switch (parts.length) {
                case 1 -> ports.add(new Published(name, "", 0, Integer.parseInt(parts[0])));
                case 2 -> ports.add(new Published(name, "", Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
                case 3 -> ports.add(
                        new Published(name, parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
                default -> throw new AssertionError("unreadable port '" + spec + "' of service " + name);
            }
        }
        return ports;
    }

    /**
     * The ports a service listens on inside the network: its published and exposed container ports,
     * SERVER_PORT (Spring Boot) and the Kafka listeners advertised under its own name.
     */
    static List<Integer> listens(String name, Map<String, Object> service) {
        List<Integer> ports = new ArrayList<>();
        Map<String, String> env = environment(service);
        // A Kafka client inside the network must use a listener advertised under the service's name
        // (one advertised as localhost, even if published, sends it back to its own container).
        String advertised = env.get("KAFKA_ADVERTISED_LISTENERS");
        if (advertised != null) {
            Matcher m = Pattern.compile("//" + Pattern.quote(name) + ":(\\d+)").matcher(advertised);
            while (m.find()) {
                ports.add(Integer.parseInt(m.group(1)));
            }
            return ports;
        }
        published(name, service).forEach(p -> ports.add(p.containerPort()));
        if (service.get("expose") instanceof List<?> exposed) {
            exposed.forEach(p -> ports.add(Integer.parseInt(String.valueOf(p))));
        }
        Optional.ofNullable(env.get("SERVER_PORT")).map(Integer::parseInt).ifPresent(ports::add);
        return ports;
    }

    /** The host side of a bind mount ({@code ./x:/y[:ro]}) and its target, for each bind mount. */
    static Map<String, String> bindMounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        if (service.get("volumes") instanceof List<?> volumes) {
            for (Object volume : volumes) {
                String[] parts = String.valueOf(volume).split(":");
                if (parts[0].startsWith("./") || parts[0].startsWith("../")) {
                    mounts.put(parts[0], parts[1]);
                }
            }
        }
        return mounts;
    }

    /** The healthcheck's test as one string (empty when the service has none or disables it). */
    static String healthcheck(Map<String, Object> service) {
        if (!(service.get("healthcheck") instanceof Map<?, ?> check) || Boolean.TRUE.equals(check.get("disable"))) {
            return "";
        }
        Object test = check.get("test");
        if (test instanceof List<?> list) {
            if (list.isEmpty() || "NONE".equals(String.valueOf(list.get(0)))) {
                return "";
            }
            return String.join(" ", list.stream().map(String::valueOf).toList());
        }
        return test == null ? "" : String.valueOf(test);
    }

    static String restart(Map<String, Object> service) {
        return String.valueOf(service.getOrDefault("restart", "no"));
    }
}
