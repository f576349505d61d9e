package dev.tandem.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The tables named by {@code --tables=a,b}: trimmed, without blanks or repeats, in order. */
public final class TableNames {

    private TableNames() {}

    public static Set<String> of(List<String> tables) {
        Set<String> named = new LinkedHashSet<>();
        tables.stream().map(String::trim).filter(t -> !t.isEmpty()).forEach(named::add);
        return named;
    }
}
