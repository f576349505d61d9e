package dev.tandem.reconcile.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How reports show what they take from a run: values, names, times, shares, all on one line. */
final class Shown {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Shown() {}

    /**
     * {@code text} with control characters escaped ({@code \n}, {@code \t}, {@code \r}, others as
     * {@code \u001b}) and backslashes doubled, so a value cannot break a report's layout and a
     * newline cannot pass for the two characters {@code \n}.
     */
    static String text(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escaped = escaped(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private static String escaped(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\\' -> "\\\\";
            default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    ? String.format("\\u%04x", (int) c)
                    : null;
        };
    }

    /** {@code text} for HTML: control characters escaped as {@link #text} does, then markup. */
    static String html(String text) {
        return markup(text(text));
    }

    /** {@code line} (already on one line, as {@link #text} or {@link #value} made it) with markup escaped. */
    static String markup(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A compared value: {@code "99.90"} quoted, NULL bare. */
    static String value(String value) {
        return value == null ? "NULL" : "\"" + text(value) + "\"";
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static String took(Duration took) {
        if (took == null) {
            return "-";
        }
        long seconds = took.toSeconds();
        return seconds < 1
                ? took.toMillis() + " ms"
                : seconds < 120 ? seconds + " s" : (seconds / 60) + " min " + (seconds % 60) + " s";
    }

    /** {@code part} of {@code whole} as a percentage: {@code 12.50 %}, {@code <0.01 %} for a few of many. */
    static String share(long part, long whole) {
        if (part == 0 || whole == 0) {
            return "0 %";
        }
        double percent = 100.0 * part / whole;
        return percent < 0.01 ? "<0.01 %" : String.format("%.2f %%", Math.min(100.0, percent));
    }

    /** {@code 1 table}, {@code 2 tables}. */
    static String count(long count, String noun) {
        return String.format("%,d %s%s", count, noun, count == 1 ? "" : "s");
    }

    /** Names joined with {@code , }, at most {@code shown} of them, then how many more. */
    static String names(java.util.List<String> names, int shown) {
        if (names.size() <= shown) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, shown)) + " and " + (names.size() - shown) + " more";
    }
}
