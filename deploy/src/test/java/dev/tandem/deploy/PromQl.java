package dev.tandem.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough PromQL reading for the checks: the Tandem series an expression selects, with their label matchers. */
final class PromQl {

    private static final Pattern SELECTOR =
            Pattern.compile("\\b(tandem_[a-z0-9_]+|resilience4j_circuitbreaker_[a-z_]+|up)\\b\\s*(\\{([^}]*)})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");

    record Selector(String metric, String label, String operator, String value) {}

    private PromQl() {}

    /** The series names an expression refers to (Tandem's, the breaker binder's and {@code up}). */
    static Set<String> metrics(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = SELECTOR.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every label matcher of every series selector in the expression. */
    static List<Selector> matchers(String expr) {
        List<Selector> selectors = new ArrayList<>();
        Matcher m = SELECTOR.matcher(expr);
        while (m.find()) {
            if (m.group(3) == null) {
                continue;
            }
            Matcher l = MATCHER.matcher(m.group(3));
            while (l.find()) {
                selectors.add(new Selector(m.group(1), l.group(1), l.group(2), l.group(3)));
            }
        }
        return selectors;
    }
}
