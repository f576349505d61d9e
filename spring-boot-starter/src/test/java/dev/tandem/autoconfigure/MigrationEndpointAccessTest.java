package dev.tandem.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Principal;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

class MigrationEndpointAccessTest {

    private final MigrationEndpointAccess secured =
            MigrationEndpointAccess.of(new MigrationEndpointProperties(true, Set.of("TANDEM_OPERATOR")));

    /** A caller as the application's security authenticated it. */
    static SecurityContext caller(String name, String... roles) {
        Principal principal = () -> name;
        return new SecurityContext() {
            @Override
            public Principal getPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return Set.of(roles).contains(role);
            }
        };
    }

    @Test
    void aChangeWithoutAnAuthenticatedCallerIsRefusedWith401() {
        assertThat(secured.refusal(SecurityContext.NONE))
                .get()
                .extracting(WebEndpointResponse::getStatus)
                .isEqualTo(401);
    }

    @Test
    void aCallerInNoneOfTheRolesIsRefusedWith403NamingThem() {
        WebEndpointResponse<?> refusal =
                secured.refusal(caller("viewer", "USER")).orElseThrow();

        assertThat(refusal.getStatus()).isEqualTo(403);
        assertThat(refusal.getBody().toString())
                .contains("viewer may not change the migration")
                .contains("TANDEM_OPERATOR");
    }

    @Test
    void aCallerInOneOfTheRolesMayChange() {
        assertThat(secured.refusal(caller("ops", "USER", "TANDEM_OPERATOR"))).isEmpty();
    }

    @Test
    void optingOutLetsAnyoneChange() {
        MigrationEndpointAccess open = MigrationEndpointAccess.of(new MigrationEndpointProperties(false, Set.of()));

        assertThat(open.refusal(SecurityContext.NONE)).isEmpty();
    }

    @Test
    void securedWithoutARoleIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new MigrationEndpointProperties(true, Set.of()))
                .hasMessageStartingWith("tandem.migration.endpoint.roles must name at least one role");
    }
}
