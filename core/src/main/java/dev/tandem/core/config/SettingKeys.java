package dev.tandem.core.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The property key and value behind each setting of a configuration object that is built from
 * properties and validated on its own (such as {@code DualWriterConfig}, whose errors name the setting,
 * e.g. {@code "asyncThreads must be positive but was 0"}): turns such an error into one naming the
 * exact key and that key's value only, {@code tandem.dualwrite.async.threads} with {@code 0}.
 */
public final class SettingKeys {

    private final String fallbackKey;
    private final Map<String, Key> settings = new LinkedHashMap<>();

    private SettingKeys(String fallbackKey) {
        this.fallbackKey = fallbackKey;
    }

    /** Settings of properties under {@code prefix}, the key reported when an error names none of them. */
    public static SettingKeys under(String prefix) {
        return new SettingKeys(prefix);
    }

    /** The setting {@code name} is bound from {@code key}, currently {@code value}. */
    public SettingKeys setting(String name, String key, Object value) {
        settings.put(name, new Key(key, value));
        return this;
    }

    /**
     * {@code error} as a configuration error: the key and value of the setting its message starts
     * with, and its message with every setting name replaced by its key. An error naming no setting
     * is reported under the prefix, without a value.
     */
    public InvalidConfigurationPropertyValueException invalid(RuntimeException error) {
        String message = error.getMessage() == null ? "invalid" : error.getMessage();
        String reason = message;
        Key named = null;
        for (Map.Entry<String, Key> setting : settings.entrySet()) {
            Pattern name = Pattern.compile("\\b" + Pattern.quote(setting.getKey()) + "\\b");
            Matcher mention = name.matcher(message);
            if (named == null && mention.lookingAt()) {
                named = setting.getValue();
                if (message.equals(setting.getKey())) {
                    // Objects.requireNonNull(value, "name"): the message is the name alone.
                    reason = "must be set";
                }
            }
            reason = name.matcher(reason).replaceAll(Matcher.quoteReplacement(setting.getValue().key));
        }
        // The exception takes no cause; the reason carries the error's message.
        return named == null
                ? new InvalidConfigurationPropertyValueException(fallbackKey, null, reason)
                : new InvalidConfigurationPropertyValueException(
                        named.key, Redaction.value(named.key, named.value), reason);
    }

    private record Key(String key, Object value) {}
}
