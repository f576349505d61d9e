package dev.tandem.security;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.lang.Nullable;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call a Tandem service, under {@code tandem.security}. With security on (the default) at
 * least one credential must be configured, or the service refuses to start; nothing is generated.
 *
 * @param enabled whether requests are authenticated; {@code false} opens every endpoint to anyone
 *     who reaches the port (logged as a warning at start-up)
 * @param username the user name of HTTP basic authentication
 * @param password the password of HTTP basic authentication; basic authentication is off when unset
 * @param token the bearer token ({@code Authorization: Bearer …}); bearer authentication is off when unset
 * @param publicPaths the paths that answer {@code GET} and {@code HEAD} without credentials (Ant-style
 *     patterns); every other request, and every request that is not a read, needs credentials
 */
@ConfigurationProperties("tandem.security")
@Validated
public record ServiceSecurityProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("operator") @NotBlank String username,
        @Nullable String password,
        @Nullable String token,
        @DefaultValue({
                    "/actuator/health",
                    "/actuator/health/**",
                    "/actuator/info",
                    "/actuator/metrics",
                    "/actuator/metrics/**",
                    "/actuator/prometheus"
                })
                List<String> publicPaths) {

    public ServiceSecurityProperties {
        publicPaths = List.copyOf(publicPaths);
    }

    /** Never shows the password or the token, only whether each is set. */
    @Override
    public String toString() {
        return "ServiceSecurityProperties[enabled=" + enabled + ", username=" + username + ", password="
                + (password == null ? "unset" : "(set)") + ", token=" + (token == null ? "unset" : "(set)")
                + ", publicPaths=" + publicPaths + "]";
    }
}
