package dev.tandem.cli;

import java.time.Duration;
import picocli.CommandLine;

/** {@code 500ms}, {@code 10s} or an ISO-8601 duration ({@code PT1M}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        String lower = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (lower.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
            }
            if (lower.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
            }
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + text + "' is not a duration such as 500ms, 10s or PT1M");
        }
    }
}
