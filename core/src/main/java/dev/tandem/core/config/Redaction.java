package dev.tandem.core.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every Tandem properties record renders itself without its secrets: passwords, tokens,
 * credentials, private keys and SSL key or keystore passwords, JAAS configurations, and passwords
 * inside JDBC URLs. A record's {@code toString} is {@code Redaction.toString(this)}; error messages
 * that show a configured value pass it through {@link #value}.
 */
public final class Redaction {

    /** What a secret is shown as. */
    public static final String MASK = "******";

    private static final Pattern SEPARATORS = Pattern.compile("[.\\-_\\[\\]]+");
    private static final Pattern URL_PARAMETER = Pattern.compile("([?&;])([^=&;?]+)=([^&;]*)");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@?]*:)([^@/?]*)(@)");

    private Redaction() {}

    /**
     * Whether a property, record component or client setting named {@code name} holds a secret, e.g.
     * {@code password}, {@code ssl.key.password}, {@code sasl.jaas.config}, {@code ssl.keystore.key},
     * {@code basic.auth.user.info}, {@code sasl.oauthbearer.client.credentials.client.secret}.
     */
    public static boolean isSecret(String name) {
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        String joined = SEPARATORS.matcher(lower).replaceAll("");
        if (joined.contains("password")
                || joined.contains("passwd")
                || joined.contains("passphrase")
                || joined.contains("secret")
                || joined.contains("token")
                || joined.contains("credential")
                || joined.contains("jaas")
                || joined.contains("privatekey")
                || joined.contains("userinfo")
                || joined.contains("apikey")) {
            return true;
        }
        String[] segments = SEPARATORS.split(lower);
        // ssl.keystore.key, ssl.truststore.key …: PEM keys given inline.
        return segments.length > 1 && segments[segments.length - 1].equals("key");
    }

    /** {@code jdbcUrl} with the values of its secret parameters and any password before the host masked. */
    public static String url(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        Matcher parameters = URL_PARAMETER.matcher(jdbcUrl);
        StringBuilder masked = new StringBuilder();
        while (parameters.find()) {
            String replacement = isSecret(parameters.group(2))
                    ? parameters.group(1) + parameters.group(2) + "=" + MASK
                    : parameters.group();
            parameters.appendReplacement(masked, Matcher.quoteReplacement(replacement));
        }
        parameters.appendTail(masked);
        return URL_USER_INFO.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$3");
    }

    /** A copy of {@code properties}, sorted by key, with the values of secret keys masked. */
    public static Map<String, Object> properties(Map<String, ?> properties) {
        Map<String, Object> masked = new TreeMap<>();
        if (properties != null) {
            properties.forEach((key, value) -> masked.put(key, value(key, value)));
        }
        return masked;
    }

    /** {@code value} as it may be shown for a setting named {@code name}. */
    public static Object value(String name, Object value) {
        if (value == null) {
            return null;
        }
        if (isSecret(name)) {
            return MASK;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new TreeMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return properties(copy);
        }
        if (value instanceof CharSequence text && text.toString().startsWith("jdbc:")) {
            return url(text.toString());
        }
        return value;
    }

    /**
     * {@code record} rendered like a record's own {@code toString}, {@code Name[a=1, b=2]}, with
     * every component passed through {@link #value}; nested records render themselves.
     */
    public static String toString(Record record) {
        StringBuilder text = new StringBuilder(record.getClass().getSimpleName()).append('[');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            if (i > 0) {
                text.append(", ");
            }
            text.append(component.getName()).append('=').append(value(component.getName(), read(record, component)));
        }
        return text.append(']').toString();
    }

    private static Object read(Record record, RecordComponent component) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return "?";
        }
    }
}
