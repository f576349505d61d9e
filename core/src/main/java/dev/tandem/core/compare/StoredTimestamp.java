package dev.tandem.core.compare;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** A zone-less timestamp as a database shows it: {@code 2026-11-21 10:15:30.123456}, no zone. */
final class StoredTimestamp {

    private static final DateTimeFormatter[] FORMATS = new DateTimeFormatter[10];

    static {
        for (int digits = 0; digits < FORMATS.length; digits++) {
            DateTimeFormatterBuilder format = new DateTimeFormatterBuilder().appendPattern("uuuu-MM-dd HH:mm:ss");
            if (digits > 0) {
                format.appendFraction(ChronoField.NANO_OF_SECOND, digits, digits, true);
            }
            FORMATS[digits] = format.toFormatter();
        }
    }

    private StoredTimestamp() {}

    /**
     * @param fractionalDigits the column's fractional-second digits (0 to 9); a value with finer
     *     digits than its column declares (a driver that reports none) shows them all
     */
    static String text(LocalDateTime timestamp, int fractionalDigits) {
        int nano = timestamp.getNano();
        int needed = 9;
        long unit = 10;
        while (needed > 0 && nano % unit == 0) {
            needed--;
            unit *= 10;
        }
        return FORMATS[Math.max(needed, Math.max(0, Math.min(9, fractionalDigits)))].format(timestamp);
    }
}
