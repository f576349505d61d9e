package dev.tandem.core.mapping;

import dev.tandem.core.jdbc.Column;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How one primary column reaches the secondary.
 *
 * @param primaryName the column's name in the primary
 * @param secondaryName its name in the secondary (the same unless renamed)
 * @param dropped whether the secondary has no such column: its values are never written or compared
 * @param conversion how a value changes on the way
 * @param zone the zone a {@link Conversion#LOCAL_TIMESTAMP_TO_ZONED} reads local times in
 */
public record ColumnMapping(
        String primaryName, String secondaryName, boolean dropped, Conversion conversion, ZoneId zone) {

    public ColumnMapping {
        if (primaryName == null || primaryName.isBlank()) {
            throw new IllegalArgumentException("A column mapping needs the primary's column name");
        }
        secondaryName = secondaryName == null || secondaryName.isBlank() ? primaryName : secondaryName;
        conversion = conversion == null ? Conversion.NONE : conversion;
        zone = zone == null ? ZoneOffset.UTC : zone;
        if (dropped && conversion != Conversion.NONE) {
            throw new IllegalArgumentException(
                    "Column '" + primaryName + "' is dropped, so it cannot also be converted (" + conversion + ")");
        }
        Objects.requireNonNull(conversion);
    }

    /** The column as it is, under the same name. */
    public static ColumnMapping identity(String name) {
        return new ColumnMapping(name, name, false, Conversion.NONE, null);
    }

    /** {@code value} (as the primary holds it) as the secondary must hold it; NULL stays NULL. */
    public Object convert(Object value) {
        return value == null ? null : conversion.apply(value, zone);
    }

    /**
     * The primary's column as its converted values look (a {@code tinyint(1)} converted to boolean is
     * compared as a boolean column), for comparing them with the secondary's.
     */
    public Column comparedAs(Column primary, Column secondary) {
        return conversion.describe(primary, secondary);
    }

    /** Whether values change on the way (not only the name). */
    public boolean converts() {
        return conversion != Conversion.NONE;
    }
}
