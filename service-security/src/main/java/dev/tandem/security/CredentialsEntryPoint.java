package dev.tandem.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers 401 with a challenge for each configured way to authenticate and a short JSON body that
 * says which ways these are; never which part of a wrong credential was wrong.
 */
final class CredentialsEntryPoint implements AuthenticationEntryPoint {

    static final String REALM = "tandem";

    private final ServiceCredentials credentials;

    CredentialsEntryPoint(ServiceCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String ways;
        if (credentials.hasPassword() && credentials.hasToken()) {
            ways = "HTTP basic or a bearer token";
        } else if (credentials.hasPassword()) {
            ways = "HTTP basic";
        } else {
            ways = "a bearer token";
        }
        if (credentials.hasPassword()) {
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\"");
        }
        if (credentials.hasToken()) {
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write("{\"status\":401,\"error\":\"Unauthorized\",\"message\":\"Missing or wrong credentials:"
                        + " this request needs " + ways + "\"}");
    }
}
