package dev.tandem.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.lang.Nullable;

/**
 * The credentials a service accepts, kept as SHA-256 digests only and compared in constant time:
 * comparing digests with {@link MessageDigest#isEqual} takes the same time whatever the first wrong
 * character, and the same time whatever the length of the guess.
 */
final class ServiceCredentials {

    /** Shorter credentials are refused at start-up. */
    static final int MINIMUM_LENGTH = 12;

    private static final ServiceCredentials NONE = new ServiceCredentials(digest(""), null, null);

    private final byte[] username;
    private final @Nullable byte[] password;
    private final @Nullable byte[] token;

    private ServiceCredentials(byte[] username, @Nullable byte[] password, @Nullable byte[] token) {
        this.username = username;
        this.password = password;
        this.token = token;
    }

    /**
     * The credentials {@code properties} configure.
     *
     * @throws ServiceCredentialsException if none is set, or one is shorter than {@value #MINIMUM_LENGTH}
     */
    static ServiceCredentials of(ServiceSecurityProperties properties) {
        String password = blankToNull(properties.password());
        String token = blankToNull(properties.token());
        if (password == null && token == null) {
            throw ServiceCredentialsException.missing();
        }
        requireLength(password, "tandem.security.password");
        requireLength(token, "tandem.security.token");
        return new ServiceCredentials(
                digest(properties.username()),
                password == null ? null : digest(password),
                token == null ? null : digest(token));
    }

    /** Accepts nothing: security is off, or it is never asked. */
    static ServiceCredentials none() {
        return NONE;
    }

    boolean hasPassword() {
        return password != null;
    }

    boolean hasToken() {
        return token != null;
    }

    boolean acceptsPassword(@Nullable String username, @Nullable String password) {
        if (this.password == null || username == null || password == null) {
            return false;
        }
        // Both compared, always: which one was wrong takes no measurable time to tell.
        boolean user = MessageDigest.isEqual(this.username, digest(username));
        boolean secret = MessageDigest.isEqual(this.password, digest(password));
        return user & secret;
    }

    boolean acceptsToken(@Nullable String token) {
        return this.token != null && token != null && MessageDigest.isEqual(this.token, digest(token));
    }

    @Override
    public String toString() {
        return "ServiceCredentials[basic=" + hasPassword() + ", bearer=" + hasToken() + "]";
    }

    private static void requireLength(@Nullable String credential, String key) {
        if (credential != null && credential.length() < MINIMUM_LENGTH) {
            throw ServiceCredentialsException.tooShort(key, MINIMUM_LENGTH);
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
