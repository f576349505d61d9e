package dev.tandem.autoconfigure;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * Whether the caller of a {@code tandemmigration} change may make it: 401 without an authenticated
 * caller, 403 for a caller in none of the roles. Over JMX there is no caller, so changes are refused
 * there unless {@code tandem.migration.endpoint.secured=false}.
 */
final class MigrationEndpointAccess {

    private final boolean secured;
    private final Set<String> roles;

    private MigrationEndpointAccess(boolean secured, Set<String> roles) {
        this.secured = secured;
        this.roles = roles;
    }

    static MigrationEndpointAccess of(MigrationEndpointProperties properties) {
        return new MigrationEndpointAccess(properties.secured(), new TreeSet<>(properties.roles()));
    }

    /** The answer refusing {@code caller}'s change, or empty when it may go ahead. */
    Optional<WebEndpointResponse<Map<String, Object>>> refusal(SecurityContext caller) {
        if (!secured) {
            return Optional.empty();
        }
        Principal principal = caller.getPrincipal();
        if (principal == null) {
            return Optional.of(refused(401, "changing the migration needs an authenticated caller in role " + roles));
        }
        if (roles.stream().noneMatch(caller::isUserInRole)) {
            return Optional.of(refused(
                    403, principal.getName() + " may not change the migration: it needs one of the roles " + roles));
        }
        return Optional.empty();
    }

    private static WebEndpointResponse<Map<String, Object>> refused(int status, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", reason);
        body.put("changed", false);
        return new WebEndpointResponse<>(body, status);
    }
}
