package dev.tandem.testkit;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Everything a failure says: each throwable of its cause chain, and their suppressed ones, as text. */
public final class FailureChain {

    private FailureChain() {}

    /** The class and message of {@code failure}, its causes and suppressed throwables, one per line. */
    public static String text(Throwable failure) {
        StringBuilder text = new StringBuilder();
        append(failure, text, Collections.newSetFromMap(new IdentityHashMap<>()));
        return text.toString();
    }

    private static void append(Throwable failure, StringBuilder text, Set<Throwable> seen) {
        if (failure == null || !seen.add(failure)) {
            return;
        }
        text.append(failure).append('\n');
        for (Throwable suppressed : failure.getSuppressed()) {
            append(suppressed, text, seen);
        }
        append(failure.getCause(), text, seen);
    }
}
