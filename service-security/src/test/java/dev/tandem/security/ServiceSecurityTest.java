package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A service with {@link ServiceSecurityConfiguration}, over HTTP on a real port. */
@ExtendWith(OutputCaptureExtension.class)
class ServiceSecurityTest {

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithPasswordAndToken {

        private SecuredApp app;

        @BeforeAll
        void start() {
            app = SecuredApp.start(
                    "tandem.security.password=" + SecuredApp.PASSWORD, "tandem.security.token=" + SecuredApp.TOKEN);
        }

        @AfterAll
        void stop() {
            app.close();
        }

        @Test
        void writeWithoutCredentialsIsRefusedWithAChallengeForEachWay() {
            HttpResponse<String> response = app.send("POST", "/api/things", Map.of());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().allValues("WWW-Authenticate"))
                    .containsExactlyInAnyOrder("Basic realm=\"tandem\"", "Bearer realm=\"tandem\"");
            assertThat(response.body()).contains("HTTP basic or a bearer token");
        }

        @Test
        void writeWithAWrongPasswordUserOrTokenIsRefused() {
            assertThat(app.send("POST", "/api/things", SecuredApp.basic("operator", SecuredApp.PASSWORD + "x"))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(app.send("POST", "/api/things", SecuredApp.basic("someone", SecuredApp.PASSWORD))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(app.send("POST", "/api/things", SecuredApp.bearer(SecuredApp.TOKEN.substring(1)))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(app.send("POST", "/api/things", SecuredApp.bearer(SecuredApp.PASSWORD))
                            .statusCode())
                    .isEqualTo(401);
        }

        @Test
        void writeWithTheConfiguredPasswordOrTokenIsServed() {
            HttpResponse<String> basic =
                    app.send("POST", "/api/things", SecuredApp.basic("operator", SecuredApp.PASSWORD));
            HttpResponse<String> bearer = app.send("POST", "/api/things", SecuredApp.bearer(SecuredApp.TOKEN));

            assertThat(basic.statusCode()).isEqualTo(200);
            assertThat(basic.body()).contains("changed");
            assertThat(bearer.statusCode()).isEqualTo(200);
        }

        @Test
        void aDataReadOutsideThePublicPathsNeedsCredentials() {
            assertThat(app.send("GET", "/api/things", Map.of()).statusCode()).isEqualTo(401);
            assertThat(app.send("GET", "/api/things", SecuredApp.bearer(SecuredApp.TOKEN))
                            .body())
                    .contains("row 1");
        }

        @Test
        void healthAnswersAnyoneButShowsDetailsOnlyToAnOperator() {
            HttpResponse<String> anonymous = app.send("GET", "/actuator/health", Map.of());
            HttpResponse<String> operator =
                    app.send("GET", "/actuator/health", SecuredApp.basic("operator", SecuredApp.PASSWORD));

            assertThat(anonymous.statusCode()).isEqualTo(200);
            assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("components");
            assertThat(operator.statusCode()).isEqualTo(200);
            assertThat(operator.body()).contains("\"components\"").contains("diskSpace");
        }

        @Test
        void aWrongCredentialIsRefusedEvenOnAPublicPath() {
            assertThat(app.send("GET", "/actuator/health", SecuredApp.bearer("not-the-token-at-all"))
                            .statusCode())
                    .isEqualTo(401);
        }

        @Test
        void anEndpointThatIsNotExposedStaysNotFoundForAnOperator() {
            assertThat(app.send("GET", "/api/nothing", SecuredApp.bearer(SecuredApp.TOKEN))
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void tokenAloneSecuresTheServiceAndOffersNoBasicChallenge() {
        try (SecuredApp app = SecuredApp.start("tandem.security.token=" + SecuredApp.TOKEN)) {
            HttpResponse<String> refused = app.send("POST", "/api/things", Map.of());

            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"tandem\"");
            assertThat(app.send("POST", "/api/things", SecuredApp.basic("operator", SecuredApp.TOKEN))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(app.send("POST", "/api/things", SecuredApp.bearer(SecuredApp.TOKEN))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void emptyPublicPathsSecureEveryRead() {
        try (SecuredApp app =
                SecuredApp.start("tandem.security.password=" + SecuredApp.PASSWORD, "tandem.security.public-paths=")) {
            assertThat(app.send("GET", "/actuator/health", Map.of()).statusCode())
                    .isEqualTo(401);
            assertThat(app.send("GET", "/actuator/health", SecuredApp.basic("operator", SecuredApp.PASSWORD))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void withoutACredentialTheServiceRefusesToStartNamingTheKey(CapturedOutput output) {
        Throwable failure = catchThrowable(() -> SecuredApp.start().close());

        assertThat(failure).hasRootCauseInstanceOf(ServiceCredentialsException.class);
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("tandem.security.password or tandem.security.token must be set")
                .contains("TANDEM_SECURITY_PASSWORD")
                .doesNotContain("Using generated security password");
    }

    @Test
    void aShortPasswordIsRefusedAtStartUpWithoutShowingIt(CapturedOutput output) {
        Throwable failure = catchThrowable(
                () -> SecuredApp.start("tandem.security.password=hunter2").close());

        assertThat(failure).hasRootCauseInstanceOf(ServiceCredentialsException.class);
        assertThat(output.getAll())
                .contains("tandem.security.password must have at least 12 characters")
                .doesNotContain("hunter2");
    }

    @Test
    void optingOutOpensEveryEndpointAndSaysSoAtStartUp(CapturedOutput output) {
        try (SecuredApp app = SecuredApp.start("tandem.security.enabled=false")) {
            assertThat(app.send("POST", "/api/things", Map.of()).statusCode()).isEqualTo(200);
            assertThat(app.send("GET", "/api/things", Map.of()).statusCode()).isEqualTo(200);
            assertThat(output.getAll())
                    .contains("WARN")
                    .contains("tandem.security.enabled=false: every endpoint of this service answers anyone")
                    .doesNotContain("Using generated security password");
        }
    }
}
