package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceCredentialsTest {

    private static ServiceSecurityProperties properties(String password, String token) {
        return new ServiceSecurityProperties(true, "operator", password, token, List.of());
    }

    @Test
    void acceptsOnlyTheConfiguredUserAndPassword() {
        ServiceCredentials credentials = ServiceCredentials.of(properties("correct horse battery", null));

        assertThat(credentials.acceptsPassword("operator", "correct horse battery"))
                .isTrue();
        assertThat(credentials.acceptsPassword("operator", "correct horse batter"))
                .isFalse();
        assertThat(credentials.acceptsPassword("Operator", "correct horse battery"))
                .isFalse();
        assertThat(credentials.acceptsPassword("operator", null)).isFalse();
        assertThat(credentials.acceptsToken("correct horse battery")).isFalse();
    }

    @Test
    void acceptsOnlyTheConfiguredToken() {
        ServiceCredentials credentials = ServiceCredentials.of(properties(null, "0123456789abcdef"));

        assertThat(credentials.acceptsToken("0123456789abcdef")).isTrue();
        assertThat(credentials.acceptsToken("0123456789abcde")).isFalse();
        assertThat(credentials.acceptsToken("")).isFalse();
        assertThat(credentials.acceptsPassword("operator", "0123456789abcdef")).isFalse();
    }

    @Test
    void blankCredentialsCountAsUnset() {
        assertThatThrownBy(() -> ServiceCredentials.of(properties(" ", "")))
                .isInstanceOf(ServiceCredentialsException.class)
                .hasMessageStartingWith("tandem.security.password or tandem.security.token must be set");
    }

    @Test
    void aShortTokenIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> ServiceCredentials.of(properties(null, "short")))
                .isInstanceOf(ServiceCredentialsException.class)
                .hasMessage("tandem.security.token must have at least 12 characters (it is a credential, not a label)")
                .extracting(e -> ((ServiceCredentialsException) e).key())
                .isEqualTo("tandem.security.token");
    }

    @Test
    void neitherPropertiesNorCredentialsShowASecret() {
        ServiceSecurityProperties properties = properties("correct horse battery", "0123456789abcdef");

        assertThat(properties.toString())
                .doesNotContain("correct horse battery")
                .doesNotContain("0123456789abcdef")
                .contains("password=(set)");
        assertThat(ServiceCredentials.of(properties).toString())
                .isEqualTo("ServiceCredentials[basic=true, bearer=true]");
    }
}
