package dev.tandem.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link ServiceCredentialsException} into Spring Boot's start-up failure report: the key and what to do. */
final class ServiceCredentialsFailureAnalyzer extends AbstractFailureAnalyzer<ServiceCredentialsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ServiceCredentialsException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set " + cause.key() + " (environment variable " + environmentVariable(cause.key()) + ")"
                        + (cause.key().equals("tandem.security.password")
                                ? ", or tandem.security.token (TANDEM_SECURITY_TOKEN) for bearer authentication"
                                : "")
                        + "; or opt out with tandem.security.enabled=false, on a trusted network only.",
                cause);
    }

    private static String environmentVariable(String key) {
        return key.replace('.', '_').replace("-", "").toUpperCase(java.util.Locale.ROOT);
    }
}
