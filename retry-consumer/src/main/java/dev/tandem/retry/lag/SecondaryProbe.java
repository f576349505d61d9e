package dev.tandem.retry.lag;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Asks the secondary whether it answers at all. */
final class SecondaryProbe {

    private static final int VALIDATION_SECONDS = 2;

    private final DataSource secondary;

    SecondaryProbe(DataSource secondary) {
        this.secondary = secondary;
    }

    /** Empty if the secondary answers; else what went wrong. */
    Optional<String> unreachable() {
        try (Connection connection = secondary.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS)
                    ? Optional.empty()
                    : Optional.of("connection did not validate within " + VALIDATION_SECONDS + "s");
        } catch (SQLException | RuntimeException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
