package dev.tandem.dualwrite.migration;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Something besides the dual writer that a cutover's hold empties before the instance acknowledges,
 * e.g. the crash-safe outbox: rows left in it are writes the secondary may not have yet.
 *
 * @param name what it is, for the instance's answer when it does not drain in time
 * @param drain empties it within the given time; false if it could not
 */
public record HoldDrain(String name, Predicate<Duration> drain) {

    public HoldDrain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(drain, "drain");
    }
}
