package dev.tandem.security;

/**
 * The configured credentials cannot secure the service: none is set, or one is too short. The
 * message names the key and never contains a configured value.
 */
public final class ServiceCredentialsException extends IllegalStateException {

    private final String key;

    private ServiceCredentialsException(String key, String message) {
        super(message);
        this.key = key;
    }

    static ServiceCredentialsException missing() {
        return new ServiceCredentialsException(
                "tandem.security.password",
                "tandem.security.password or tandem.security.token must be set: this service's endpoints that"
                        + " change data are secured (tandem.security.enabled=true) and no credential is generated");
    }

    static ServiceCredentialsException tooShort(String key, int minimum) {
        return new ServiceCredentialsException(
                key, key + " must have at least " + minimum + " characters (it is a credential, not a label)");
    }

    /** The configuration key to set or fix, e.g. {@code tandem.security.password}. */
    public String key() {
        return key;
    }
}
