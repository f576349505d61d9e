package dev.tandem.core.schema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * One versioned script, {@code V<n>__<description>.sql}: statements that each end with {@code ;} at
 * the end of a line, {@code --} comment lines, and {@code ${name}} placeholders for the configured
 * table names.
 */
record MigrationScript(int version, String description, String path, String text) {

    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]{0,8})__([A-Za-z0-9_]+)\\.sql");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    /** Whether {@code fileName} is named as a versioned script. */
    static boolean isScript(String fileName) {
        return NAME.matcher(fileName).matches();
    }

    /** The script {@code fileName} at {@code path} with the text read from it. */
    static MigrationScript of(String fileName, String path, String text) {
        Matcher name = NAME.matcher(fileName);
        if (!name.matches()) {
            throw new IllegalArgumentException("'" + fileName + "' is not named V<n>__<description>.sql");
        }
        return new MigrationScript(
                Integer.parseInt(name.group(1)), name.group(2).replace('_', ' '), path, text.replace("\r\n", "\n"));
    }

    /** The CRC32 of the text before placeholders are replaced, so that renamed tables keep their history valid. */
    long checksum() {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** The statements to run, with every placeholder replaced by its value. */
    List<String> statements(Map<String, String> placeholders) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(replace(statement.substring(0, statement.length() - 1), placeholders));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new SchemaMigrationException(path + " ends with a statement that has no ';' at the end of its line");
        }
        return statements;
    }

    private String replace(String statement, Map<String, String> placeholders) {
        Matcher placeholder = PLACEHOLDER.matcher(statement);
        StringBuilder replaced = new StringBuilder();
        while (placeholder.find()) {
            String value = placeholders.get(placeholder.group(1));
            if (value == null) {
                throw new SchemaMigrationException(path + " uses the placeholder ${" + placeholder.group(1)
                        + "}, which has no value; known: " + placeholders.keySet());
            }
            placeholder.appendReplacement(replaced, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(replaced);
        return replaced.toString();
    }
}
