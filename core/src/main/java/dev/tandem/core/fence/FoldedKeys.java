package dev.tandem.core.fence;

import dev.tandem.core.RowKey;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.KeyCollation;
import dev.tandem.core.jdbc.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fence's identity of rows whose table has a text key under a folding collation: the key as the
 * table's unique index sees it, not as the mutation spells it. {@code 'abc'}, {@code 'ABC'} and
 * {@code 'abc '} under {@code utf8mb4_general_ci} are one row of the table, so they are one fence row
 * too, and an older write of one cannot overwrite a newer write of another. Text under a binary PAD
 * SPACE collation loses its trailing spaces; text under any other folding collation is replaced by
 * its sort weight, asked of the secondary in one query per collation and chunk. Rows of tables whose
 * keys compare exactly keep the hash of their canonical row key and cost nothing here.
 */
final class FoldedKeys {

    /** Texts weighed per statement. */
    private static final int WEIGHTS_PER_QUERY = 200;

    private final Dialect dialect;
    private final Statements statements;

    FoldedKeys(Dialect dialect, Statements statements) {
        this.dialect = dialect;
        this.statements = statements;
    }

    /** {@code resolved}, in order, with the key hash of each folded row replaced by its identity's. */
    List<ResolvedMutation> identify(Connection connection, List<ResolvedMutation> resolved) throws SQLException {
        if (resolved.stream().allMatch(m -> m.table().foldingKeys().isEmpty())) {
            return resolved;
        }
        Map<KeyCollation, Set<String>> toWeigh = new LinkedHashMap<>();
        for (ResolvedMutation m : resolved) {
            Table table = m.table();
            for (int i = 0; i < table.primaryKey().size(); i++) {
                Object value = m.keyValues().get(i);
                table.foldingCollation(table.primaryKey().get(i))
                        .filter(c -> !c.binary() && value instanceof String)
                        .ifPresent(c -> toWeigh.computeIfAbsent(c, k -> new LinkedHashSet<>())
                                .add(c.withoutIgnoredPadding((String) value)));
            }
        }
        Map<KeyCollation, Map<String, String>> weights = new LinkedHashMap<>();
        for (Map.Entry<KeyCollation, Set<String>> entry : toWeigh.entrySet()) {
            weights.put(entry.getKey(), weigh(connection, entry.getKey(), List.copyOf(entry.getValue())));
        }
        List<ResolvedMutation> identified = new ArrayList<>(resolved.size());
        for (ResolvedMutation m : resolved) {
            identified.add(m.table().foldingKeys().isEmpty() ? m : m.withKeyHash(hash(m, weights)));
        }
        return identified;
    }

    /**
     * The hash of the row's key as the index sees it: each key value in key order, folded where its
     * column folds, length-prefixed so that no two keys share a text.
     */
    private static byte[] hash(ResolvedMutation m, Map<KeyCollation, Map<String, String>> weights) {
        StringBuilder identity = new StringBuilder("folded:");
        Table table = m.table();
        for (int i = 0; i < table.primaryKey().size(); i++) {
            Column column = table.primaryKey().get(i);
            Object value = m.keyValues().get(i);
            String text = canonical(value);
            if (value instanceof String s) {
                KeyCollation collation = table.foldingCollation(column).orElse(null);
                if (collation != null) {
                    String unpadded = collation.withoutIgnoredPadding(s);
                    text = collation.binary()
                            ? unpadded
                            : "w" + weights.get(collation).get(unpadded);
                }
            }
            identity.append(column.name().length())
                    .append(':')
                    .append(column.name())
                    .append(text.length())
                    .append(':')
                    .append(text);
        }
        return RowKey.hash(identity.toString());
    }

    private static String canonical(Object value) {
        return value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : String.valueOf(value);
    }

    /** The sort weight (hex) of each of {@code texts} under {@code collation}, by text. */
    private Map<String, String> weigh(Connection connection, KeyCollation collation, List<String> texts)
            throws SQLException {
        Map<String, String> into = new LinkedHashMap<>();
        for (int from = 0; from < texts.size(); from += WEIGHTS_PER_QUERY) {
            List<String> part = texts.subList(from, Math.min(texts.size(), from + WEIGHTS_PER_QUERY));
            try (PreparedStatement select =
                    statements.prepare(connection, dialect.collationWeights(collation, part.size()))) {
                for (int i = 0; i < part.size(); i++) {
                    select.setString(i + 1, part.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    for (int i = 0; i < part.size(); i++) {
                        into.put(part.get(i), HexFormat.of().formatHex(rs.getBytes(i + 1)));
                    }
                }
            }
        }
        return into;
    }
}
