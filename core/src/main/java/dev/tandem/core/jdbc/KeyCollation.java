package dev.tandem.core.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a text primary-key column of a MySQL/MariaDB table compares its values, and so which values its
 * unique index takes for one row: a case- or accent-insensitive collation makes {@code 'abc'} and
 * {@code 'ABC'} one key, a PAD SPACE collation (every MariaDB and MySQL 5.7 collation, MySQL 8's
 * {@code utf8mb4_bin}) makes {@code 'x'} and {@code 'x '} one key. The fence must identify rows the
 * same way.
 *
 * @param charset the column's character set, e.g. {@code utf8mb4}
 * @param collation the column's collation, e.g. {@code utf8mb4_general_ci}
 * @param padSpace whether trailing spaces are ignored when values are compared
 */
public record KeyCollation(String charset, String collation, boolean padSpace) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    public KeyCollation {
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(collation, "collation");
        if (!NAME.matcher(charset).matches() || !NAME.matcher(collation).matches()) {
            throw new IllegalArgumentException("Not a character set and collation name: " + charset + ", " + collation);
        }
    }

    /**
     * Whether equal values are equal code points (a binary collation): then only trailing spaces can
     * fold, and no database round trip is needed to identify a key.
     */
    public boolean binary() {
        return collation.endsWith("_bin") || collation.equals("binary");
    }

    /** Whether two different texts can be one key under this collation. */
    public boolean folds() {
        return padSpace || !binary();
    }

    /** {@code text} without the trailing spaces a PAD SPACE collation ignores. */
    public String withoutIgnoredPadding(String text) {
        if (!padSpace) {
            return text;
        }
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(0, end);
    }
}
