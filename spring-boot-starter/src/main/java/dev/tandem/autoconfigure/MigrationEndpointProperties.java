package dev.tandem.autoconfigure;

import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may change the migration through the {@code tandemmigration} endpoint, under {@code
 * tandem.migration.endpoint}. The endpoint asks the request for its caller, so it works with the
 * application's own security (Spring Security, or the servlet container's): it defines no filter
 * chain and changes no other endpoint. Reads stay as open as the application's security makes them.
 *
 * @param secured whether a change (POST) needs an authenticated caller in one of {@code roles};
 *     {@code false} lets anyone who reaches the endpoint change the phase (logged as a warning)
 * @param roles the roles allowed to change the migration, as {@code HttpServletRequest#isUserInRole}
 *     tells them (Spring Security: the authority {@code ROLE_<role>})
 */
@ConfigurationProperties("tandem.migration.endpoint")
public record MigrationEndpointProperties(
        @DefaultValue("true") boolean secured, @DefaultValue("TANDEM_OPERATOR") Set<String> roles) {

    public MigrationEndpointProperties {
        roles = Set.copyOf(roles);
        if (secured && roles.isEmpty()) {
            throw new IllegalArgumentException("tandem.migration.endpoint.roles must name at least one role while"
                    + " tandem.migration.endpoint.secured=true");
        }
    }
}
