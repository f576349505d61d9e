package dev.tandem.core.compare;

import java.util.Objects;

/**
 * A difference as first found, and what the re-check made of it.
 *
 * @param found the difference the comparison found
 * @param verdict IN_FLIGHT or CONFIRMED
 * @param now the difference as it stands after the settle window (null when IN_FLIGHT); its kind
 *     may differ from the first one, e.g. a missing row that arrived with other values
 */
public record CheckedDifference(Difference found, Verdict verdict, Difference now) {

    public CheckedDifference {
        Objects.requireNonNull(found, "found");
        Objects.requireNonNull(verdict, "verdict");
        if ((verdict == Verdict.CONFIRMED) != (now != null)) {
            throw new IllegalArgumentException("A CONFIRMED difference has its current state, an IN_FLIGHT one none");
        }
    }
}
