package dev.tandem.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A service shaped like Tandem's: a data read and a write under /api, Actuator health, on a free port. */
final class SecuredApp implements AutoCloseable {

    static final String PASSWORD = "s3cret-operator-pass";
    static final String TOKEN = "t0ken-for-scripts-0123456789";

    private final ConfigurableApplicationContext context;
    private final HttpClient http = HttpClient.newHttpClient();

    private SecuredApp(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the app with {@code properties} ({@code key=value}) on a free loopback port. */
    static SecuredApp start(String... properties) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--management.endpoint.health.show-details=when-authorized"));
        for (String property : properties) {
            arguments.add("--" + property);
        }
        return new SecuredApp(new SpringApplicationBuilder(Service.class).run(arguments.toArray(String[]::new)));
    }

    HttpResponse<String> send(String method, String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> basic(String username, String password) {
        return Map.of(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
        context.close();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ServiceSecurityConfiguration.class, Things.class})
    static class Service {}

    @RestController
    static class Things {

        @GetMapping("/api/things")
        List<String> list() {
            return List.of("row 1");
        }

        @PostMapping("/api/things")
        Map<String, String> change() {
            return Map.of("status", "changed");
        }
    }
}
