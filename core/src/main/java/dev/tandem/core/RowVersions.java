package dev.tandem.core;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/**
 * A row version from the value of its version column: a number as it is, a timestamp (an
 * {@code updated_at} column) as microseconds since the epoch, a zone-less one read as UTC. The library
 * and the reconciler's repairs read versions the same way.
 */
public final class RowVersions {

    private RowVersions() {}

    /**
     * @throws IllegalArgumentException for NULL or a value that is neither a number nor a timestamp
     */
    public static long of(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        Instant instant = value instanceof Timestamp ts
                ? ts.toInstant()
                : value instanceof Date date
                        ? date.toInstant()
                        : value instanceof Instant i
                                ? i
                                : value instanceof OffsetDateTime t
                                        ? t.toInstant()
                                        : value instanceof ZonedDateTime t
                                                ? t.toInstant()
                                                : value instanceof LocalDateTime t ? t.toInstant(ZoneOffset.UTC) : null;
        if (instant == null) {
            throw new IllegalArgumentException("A row version must be a number or a timestamp, not "
                    + (value == null ? "NULL" : value.getClass().getName()));
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
